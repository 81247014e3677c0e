package io.chatrelay.edge.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.events.json.Json;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ProblemsTest {

  @Test
  void shouldWriteExactlyTypeTitleStatusDetail() throws Exception {
    JsonNode body = Json.mapper().readTree(Problems.body(Problem.badRequest("limit must be 1 to 100.")));

    assertThat(body.size()).isEqualTo(4);
    assertThat(body.get("type").asText()).isEqualTo("https://chat-relay.dev/problems/invalid-request");
    assertThat(body.get("title").asText()).isEqualTo("Invalid request");
    assertThat(body.get("status").asInt()).isEqualTo(400);
    assertThat(body.get("detail").asText()).isEqualTo("limit must be 1 to 100.");
  }

  @Test
  void shouldGiveTheSameBodyForMissingAndForeignSessions() {
    assertThat(Problems.body(Problem.sessionNotFound())).isEqualTo(Problems.body(Problem.sessionNotFound()));
    assertThat(Problem.sessionNotFound().status()).isEqualTo(404);
  }

  @Test
  void shouldHideUnexpectedFailuresBehindAnInternalError() throws Exception {
    Problem problem = Problems.of(new CompletionException(new IllegalStateException("secret internals")));

    assertThat(problem.status()).isEqualTo(500);
    assertThat(Problems.body(problem)).doesNotContain("secret internals").doesNotContain("IllegalStateException");
  }

  @Test
  void shouldUnwrapProblemsFromAsyncFailures() {
    Problem unavailable = Problem.unavailable("down", 5);

    assertThat(Problems.of(new CompletionException(unavailable))).isSameAs(unavailable);
    assertThat(unavailable.headers()).containsEntry("Retry-After", "5");
  }
}
