package io.chatrelay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.BindException;
import org.junit.jupiter.api.Test;

class StartupFailureTest {

  @Test
  void shouldNameTheAddressAndTheSettingOfAListenerWhosePortIsTaken() {
    RuntimeException undertow = new RuntimeException(new BindException("Address already in use"));
    IllegalStateException edge =
        new IllegalStateException("Cannot listen on 127.0.0.1:8090 (HTTP_HOST, HTTP_PORT)", undertow);

    assertThat(StartupFailure.explain(new IllegalStateException("dev stack failed", edge))).contains(
        "relay: cannot listen on 127.0.0.1:8090 (HTTP_HOST, HTTP_PORT): the port is already in use."
            + " Stop what uses it, or choose another port.");
  }

  @Test
  void shouldNameTheOpsListenerWhosePortIsTaken() {
    UncheckedIOException ops = new UncheckedIOException("cannot start ops endpoints on 0.0.0.0:8083",
        new BindException("Address already in use"));

    assertThat(StartupFailure.explain(ops)).hasValueSatisfying(line -> assertThat(line)
        .startsWith("relay: cannot listen on 0.0.0.0:8083: the port is already in use."));
  }

  @Test
  void shouldStillSayAPortIsTakenWhenNoListenerNamedItself() {
    RuntimeException kafka =
        new RuntimeException("Socket server failed to bind to 127.0.0.1:9092: Address already in use.");

    assertThat(StartupFailure.explain(kafka)).hasValueSatisfying(line -> assertThat(line)
        .contains("already in use").contains("127.0.0.1:9092"));
  }

  @Test
  void shouldLeaveEveryOtherFailureToItsStackTrace() {
    assertThat(StartupFailure.explain(new IllegalArgumentException("SESSION_SECRET must not be empty"))).isEmpty();
    assertThat(StartupFailure.portTaken(new IllegalStateException("Cannot listen on host:1", null))).isFalse();
  }
}
