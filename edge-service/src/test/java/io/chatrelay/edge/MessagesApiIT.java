package io.chatrelay.edge;

import static io.chatrelay.edge.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.UserMessage;
import io.chatrelay.testing.ChatLogTail;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class MessagesApiIT extends WithOneEdge {

  private String messages(String sessionId) {
    return "/api/v1/sessions/" + sessionId + "/messages";
  }

  @Test
  void shouldSendMessageWithSeqFromTheLogAndShowItOnTheNextRead() {
    ApiClient browser = harness.client();
    String user = infra.uniqueName("alice");
    String sessionId = browser.createSession(user);

    ApiClient.Response sent = browser.post(messages(sessionId),
        "{\"content\":\"  What is a chargeback?  \",\"metadata\":{\"client\":\"web\",\"n\":1}}");

    assertThat(sent.status()).isEqualTo(200);
    assertThat(sent.header("X-Content-Type-Options")).as("a browser must not sniff JSON into a page")
        .contains("nosniff");
    JsonNode message = sent.json().get("message");
    assertThat(sent.json().get("status").asText()).isEqualTo("sent");
    assertThat(message.get("sessionId").asText()).isEqualTo(sessionId);
    assertThat(message.get("content").asText()).isEqualTo("What is a chargeback?");
    assertThat(message.get("role").asText()).isEqualTo("user");
    assertThat(message.get("status").asText()).isEqualTo("sent");
    assertThat(message.get("metadata").get("client").asText()).isEqualTo("web");
    assertThat(message.get("timestamp").asText()).isNotBlank();

    ConsumerRecord<String, ChatEvent> record = ChatLogTail.records(infra.bootstrapServers(), sessionId, 2).get(1);
    assertThat(record.key()).isEqualTo(sessionId);
    assertThat(new String(record.headers().lastHeader(ChatEventSerde.TYPE_HEADER).value(), StandardCharsets.UTF_8))
        .isEqualTo("UserMessage");
    UserMessage event = (UserMessage) record.value();
    assertThat(message.get("seq").asLong()).isEqualTo(record.offset());
    assertThat(message.get("id").asText()).isEqualTo(event.eventId().toString());
    assertThat(event.content()).isEqualTo("What is a chargeback?");
    assertThat(event.userId()).isEqualTo(user);
    assertThat(event.metadata()).containsEntry("client", "web");

    // Read-your-writes: the very next read shows the message, with exactly the body the send returned.
    JsonNode history = browser.get(messages(sessionId)).json().get("messages");
    assertThat(history).hasSize(1);
    assertThat(history.get(0)).isEqualTo(message);
    assertThat(browser.get("/api/v1/sessions/" + sessionId).json().get("metadata").get("messageCount").asLong())
        .isEqualTo(1);
  }

  @Test
  void shouldPageHistoryNewestLimitOldestFirst() {
    ApiClient browser = harness.client();
    String sessionId = browser.createSession(infra.uniqueName("bob"));
    List<Long> seqs = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      seqs.add(browser.post(messages(sessionId), "{\"content\":\"m" + i + "\"}").json().get("message").get("seq")
          .asLong());
    }

    assertThat(contents(browser.get(messages(sessionId)))).containsExactly("m1", "m2", "m3", "m4", "m5");
    assertThat(contents(browser.get(messages(sessionId) + "?limit=2"))).containsExactly("m4", "m5");
    assertThat(contents(browser.get(messages(sessionId) + "?limit=2&before=" + seqs.get(3))))
        .containsExactly("m2", "m3");
    assertThat(contents(browser.get(messages(sessionId) + "?before=" + seqs.get(0)))).isEmpty();
    assertThat(contents(browser.get(messages(sessionId) + "?limit=100"))).hasSize(5);
  }

  @Test
  void shouldReturnStoredTextExactlyAndLeaveOutAViewThatIsNotJson() {
    ApiClient browser = harness.client();
    String sessionId = browser.createSession(infra.uniqueName("erin"));
    String tricky = "Quotes \\\" and \\\\ backslash, </script><b>tags</b>, \\u2028, emoji \\uD83D\\uDE00, été €";
    browser.post(messages(sessionId), "{\"content\":\"" + tricky + "\"}");
    browser.post(messages(sessionId), "{\"content\":\"second\"}");
    // A member no projector would write (a damaged or foreign value) must not break the answer for the rest.
    harness.redis().zadd(harness.keys().messages(sessionId), 0.5, "garbage that is not JSON");

    ApiClient.Response read = browser.get(messages(sessionId));

    assertThat(read.status()).isEqualTo(200);
    assertThat(read.contentType()).startsWith("application/json");
    JsonNode history = read.json().get("messages");
    assertThat(history).hasSize(2);
    assertThat(history.get(0).get("content").asText())
        .isEqualTo("Quotes \" and \\ backslash, </script><b>tags</b>, \u2028, emoji \uD83D\uDE00, été €");
    assertThat(history.get(1).get("content").asText()).isEqualTo("second");
  }

  @Test
  void shouldRefuseInvalidMessages() {
    ApiClient browser = harness.client();
    String sessionId = browser.createSession(infra.uniqueName("carol"));

    ApiClient.Response empty = browser.post(messages(sessionId), "{\"content\":\"\"}");
    assertProblem(empty, 400, "invalid-request");
    assertThat(empty.header("X-Content-Type-Options")).contains("nosniff");
    assertProblem(browser.post(messages(sessionId), "{\"content\":\" \\n\\t \"}"), 400, "invalid-request");
    assertProblem(browser.post(messages(sessionId), "{\"content\":\"" + "a".repeat(1001) + "\"}"), 400,
        "invalid-request");
    assertProblem(browser.post(messages(sessionId), "{\"content\":"), 400, "invalid-request");
    assertProblem(browser.post(messages(sessionId), "{\"content\":42}"), 400, "invalid-request");
    assertProblem(browser.post(messages(sessionId), "{}"), 400, "invalid-request");
    assertProblem(browser.post(messages(sessionId), ""), 400, "invalid-request");
    assertProblem(browser.post(messages(sessionId), "{\"content\":\"x\",\"metadata\":\"no\"}"), 400,
        "invalid-request");

    assertThat(browser.post(messages(sessionId), "{\"content\":\"" + "a".repeat(1000) + "\"}").status())
        .isEqualTo(200);
    assertThat(browser.post(messages(sessionId), "{\"content\":\"" + "\uD83D\uDE00".repeat(1000) + "\"}").status())
        .as("1000 emoji are 1000 characters").isEqualTo(200);
    assertThat(ChatLogTail.allNow(infra.bootstrapServers(), sessionId)).as("only the valid ones were published")
        .hasSize(3);
  }

  @Test
  void shouldRefuseOversizeBodiesWith413() {
    ApiClient browser = harness.client();
    String sessionId = browser.createSession(infra.uniqueName("dave"));
    String big = "{\"content\":\"hi\",\"metadata\":{\"pad\":\"" + "x".repeat(17 * 1024) + "\"}}";

    assertProblem(browser.post(messages(sessionId), big), 413, "body-too-large");
    // Without Content-Length (chunked) the limit is enforced while reading.
    byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
    assertProblem(browser.send(browser.request(messages(sessionId)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))), 413,
        "body-too-large");
    assertProblem(browser.send(browser.request("/api/v1/sessions").POST(HttpRequest.BodyPublishers.ofString(big))),
        413, "body-too-large");
    String huge = "{\"content\":\"" + "y".repeat(900 * 1024) + "\"}";
    assertProblem(browser.post(messages(sessionId), huge), 413, "body-too-large");
    byte[] hugeBytes = huge.getBytes(StandardCharsets.UTF_8);
    assertProblem(browser.send(browser.request(messages(sessionId))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(hugeBytes)))), 413,
        "body-too-large");
    assertThat(browser.post(messages(sessionId), "{\"content\":\"still fine\"}").status()).isEqualTo(200);
    assertThat(ChatLogTail.allNow(infra.bootstrapServers(), sessionId)).hasSize(2);
  }

  @Test
  void shouldRefuseBadPagingParameters() {
    ApiClient browser = harness.client();
    String sessionId = browser.createSession(infra.uniqueName("erin"));

    for (String query : new String[] {"limit=0", "limit=101", "limit=abc", "limit=", "limit=1.5", "before=x",
        "before=-1"}) {
      assertProblem(browser.get(messages(sessionId) + "?" + query), 400, "invalid-request");
    }
  }

  @Test
  void shouldAnswer404ForUnknownOrMalformedSessionIds() {
    ApiClient browser = harness.client();
    browser.createSession(infra.uniqueName("frank"));

    assertProblem(browser.post(messages(UUID.randomUUID().toString()), "{\"content\":\"x\"}"), 404,
        "session-not-found");
    assertProblem(browser.post(messages("12345"), "{\"content\":\"x\"}"), 404, "session-not-found");
    assertProblem(browser.get(messages("12345")), 404, "session-not-found");
  }

  private static List<String> contents(ApiClient.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    response.json().get("messages").forEach(m -> out.add(m.get("content").asText()));
    return out;
  }

}
