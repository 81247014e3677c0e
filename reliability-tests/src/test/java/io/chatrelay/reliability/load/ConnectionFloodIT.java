package io.chatrelay.reliability.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.edge.EdgeService;
import io.chatrelay.reliability.testing.Browser;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.ReliabilityStack;
import io.chatrelay.testing.Handshake;
import io.chatrelay.testing.LiveSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * More WebSocket handshakes than an instance takes: those beyond the cap get 503 with Retry-After before any work
 * is done for them, the sockets already open keep working, and a freed slot is taken again.
 */
class ConnectionFloodIT {

  private static final int CAP = 20;
  private static final int FLOOD = 60;

  private final ReliabilityStack stack = ReliabilityStack.shared();

  @Test
  void shouldRefuseHandshakesBeyondTheCapWith503AndKeepExistingSessionsWorking() {
    stack.awaitHealthy();
    try (EdgeService edge = stack.startEdge(Map.of("WS_MAX_CONNECTIONS", Integer.toString(CAP)))) {
      String base = edge.baseUri().toString().replaceAll("/$", "");
      Browser browser = new Browser(base);
      String session = browser.openSession("crowd-" + UUID.randomUUID().toString().substring(0, 8),
          ReliabilityStack.BANK);
      Map<String, String> headers = Map.of("Cookie", "session=" + browser.cookie(), "Origin", base);
      List<LiveSocket> open = new ArrayList<>();
      try {
        for (int i = 0; i < CAP; i++) {
          open.add(LiveSocket.open(base, session, browser.cookie()));
        }
        int refused = 0;
        List<String> retryAfter = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
          Handshake<LiveSocket> extra = LiveSocket.attempt(LiveSocket.uri(URI.create(base), session), headers);
          if (extra.upgraded()) {
            open.add(extra.socket());
          } else {
            assertThat(extra.refusedStatus()).isEqualTo(503);
            retryAfter.add(extra.retryAfter());
            refused++;
          }
        }
        assertThat(ReliabilityStack.httpStatus(base + "/health/live")).isEqualTo(200);
        int acked = 0;
        for (int i = 0; i < CAP; i++) {
          open.get(i).sendMessage("still-" + i, "Still here " + i);
          if ("ack".equals(open.get(i).next(LiveSocket.answerTo("still-" + i), Duration.ofSeconds(20)).path("type")
              .asText())) {
            acked++;
          }
        }
        open.remove(0).close();
        LiveSocket again = awaitSlot(base, session, headers);
        open.add(again);
        Figures.report("11-connection-flood", "cap %d sockets open: %d more handshakes all refused with 503 "
            + "(Retry-After %s s); %d/%d existing sockets still acknowledged messages; a freed slot was taken again",
            CAP, refused, retryAfter.isEmpty() ? "-" : retryAfter.get(0), acked, CAP);
        assertThat(refused).isEqualTo(FLOOD);
        assertThat(retryAfter).allMatch(r -> r != null && r.matches("[1-9][0-9]*"));
        assertThat(acked).isEqualTo(CAP);
      } finally {
        open.forEach(LiveSocket::close);
      }
    }
  }

  /** A closed socket gives its slot back once the close completes: retry for a moment. */
  private static LiveSocket awaitSlot(String base, String session, Map<String, String> headers) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      Handshake<LiveSocket> attempt = LiveSocket.attempt(LiveSocket.uri(URI.create(base), session), headers);
      if (attempt.upgraded() || System.nanoTime() > deadline) {
        assertThat(attempt.upgraded()).as("a freed slot is usable again").isTrue();
        return attempt.socket();
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
