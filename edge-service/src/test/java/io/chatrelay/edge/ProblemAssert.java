package io.chatrelay.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** What every refusal must look like to a client: problem+json with exactly type, title, status and detail. */
final class ProblemAssert {

  private ProblemAssert() {}

  static JsonNode assertProblem(ApiClient.Response response, int status, String slug) {
    assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    JsonNode body = response.json();
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactlyInAnyOrder("type", "title", "status", "detail");
    assertThat(body.get("type").asText()).isEqualTo("https://chat-relay.dev/problems/" + slug);
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("title").asText()).isNotBlank();
    assertThat(body.get("detail").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    return body;
  }
}
