package io.chatrelay.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.LiveSocket;
import io.chatrelay.testing.RawWebSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pings and the idle timeout, shortened so a test can watch them. */
@ExtendWith(RelayInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveHeartbeatIT {

  private RelayInfra infra;
  private EdgeHarness harness;

  @BeforeAll
  void start(RelayInfra infra) {
    this.infra = infra;
    this.harness = EdgeHarness.start(infra, Map.of("WS_PING_INTERVAL_MS", "200", "WS_IDLE_TIMEOUT_MS", "1500"));
  }

  @AfterAll
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void shouldKeepAClientThatAnswersPingsOpenPastTheIdleTimeout() throws Exception {
    ApiClient browser = harness.client();
    String sessionId = browser.createSession(infra.uniqueName("quiet"));
    try (LiveSocket socket = LiveSocket.open(harness.baseUri(), sessionId, browser.cookie())) {
      // Twice the idle timeout without a data frame: only the pongs keep it open.
      for (int i = 0; i < 6; i++) {
        Thread.sleep(500);
      }
      assertThat(socket.closeCode()).isNull();
      socket.sendMessage("still-here", "hello");
      LiveSocket.ack(socket.next(), "still-here");
    }
  }

  @Test
  void shouldPingASilentClientAndCloseItWith1001AfterTheIdleTimeout() throws Exception {
    ApiClient browser = harness.client();
    String sessionId = browser.createSession(infra.uniqueName("silent"));
    try (RawWebSocket raw = RawWebSocket.connect(harness.baseUri().resolve(LiveSocket.path(sessionId)),
        LiveSocket.headers(browser.cookie(), LiveSocket.origin(harness.baseUri())), 0)) {
      assertThat(raw.answer().status()).isEqualTo(101);

      RawWebSocket.Frame first = raw.readFrame();
      assertThat(first.opcode()).isEqualTo(RawWebSocket.PING);
      RawWebSocket.Frame close = raw.readUntilClose();

      assertThat(close).isNotNull();
      assertThat(close.closeCode()).isEqualTo(1001);
    }
  }
}
