package io.chatrelay.edge;

import static io.chatrelay.edge.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.events.UserMessage;
import io.chatrelay.testing.ChatLogTail;
import io.chatrelay.testing.LiveSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/sessions/{id}/messages} with an {@code Idempotency-Key}: a client that retries because it
 * never saw the answer (a timeout, a dropped connection) gets the first answer again, and the log holds the message
 * once.
 */
class IdempotencyKeyIT extends WithOneEdge {

  private static final String KEY = "Idempotency-Key";
  private static final String BODY = "{\"content\":\"Is my card blocked?\",\"metadata\":{\"client\":\"cli\",\"n\":1}}";

  private record Chat(ApiClient browser, String sessionId) {

    String messages() {
      return "/api/v1/sessions/" + sessionId + "/messages";
    }

    ApiClient.Response send(String key, String body) {
      return browser.post(messages(), body, Map.of(KEY, key));
    }
  }

  private Chat chat(String name) {
    ApiClient browser = harness.client();
    return new Chat(browser, browser.createSession(infra.uniqueName(name)));
  }

  @Test
  void shouldAnswerARetryLikeTheFirstRequestAndStoreTheMessageOnce() {
    Chat chat = chat("alice");
    String key = UUID.randomUUID().toString();

    ApiClient.Response first = chat.send(key, BODY);
    ApiClient.Response retry = chat.send(key, BODY);
    // A structured-field string, as the IETF draft writes the header, is the same key.
    ApiClient.Response quoted = chat.send("\"" + key + "\"", BODY);

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.header("Idempotent-Replayed")).isEmpty();
    for (ApiClient.Response again : List.of(retry, quoted)) {
      assertThat(again.status()).as(again.body()).isEqualTo(200);
      assertThat(again.json()).as("the same answer: id, seq and timestamp of the first copy").isEqualTo(first.json());
      assertThat(again.header("Idempotent-Replayed")).contains("true");
    }
    List<UserMessage> stored = storedWithClientId(chat.sessionId(), key);
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).eventId().toString()).isEqualTo(first.json().at("/message/id").asText());
    JsonNode history = chat.browser().get(chat.messages()).json().get("messages");
    assertThat(history).hasSize(1);
    assertThat(history.get(0)).isEqualTo(first.json().get("message"));
  }

  @Test
  void shouldStoreEachKeyOnceAndMessagesWithoutAKeyEveryTime() {
    Chat chat = chat("bob");

    long a = chat.send("key-a", BODY).json().at("/message/seq").asLong();
    long b = chat.send("key-b", BODY).json().at("/message/seq").asLong();
    ApiClient.Response plain1 = chat.browser().post(chat.messages(), BODY);
    ApiClient.Response plain2 = chat.browser().post(chat.messages(), BODY);

    assertThat(b).isGreaterThan(a);
    assertThat(plain1.json().at("/message/id")).isNotEqualTo(plain2.json().at("/message/id"));
    assertThat(ChatLogTail.allNow(infra.bootstrapServers(), chat.sessionId()).stream()
        .filter(r -> r.value() instanceof UserMessage)).hasSize(4);
    // Keys belong to their session: another session's "key-a" is a message of its own.
    Chat other = chat("bob-2");
    ApiClient.Response elsewhere = other.send("key-a", BODY);
    assertThat(elsewhere.status()).isEqualTo(200);
    assertThat(elsewhere.header("Idempotent-Replayed")).isEmpty();
    assertThat(storedWithClientId(other.sessionId(), "key-a")).hasSize(1);
  }

  @Test
  void shouldRefuseAKeyReusedForADifferentMessage() {
    Chat chat = chat("carol");
    String key = UUID.randomUUID().toString();
    assertThat(chat.send(key, BODY).status()).isEqualTo(200);

    ApiClient.Response otherText = chat.send(key, "{\"content\":\"Something else\"}");
    ApiClient.Response otherMetadata = chat.send(key,
        "{\"content\":\"Is my card blocked?\",\"metadata\":{\"client\":\"cli\",\"n\":2}}");

    assertProblem(otherText, 422, "idempotency-key-reused");
    assertProblem(otherMetadata, 422, "idempotency-key-reused");
    assertThat(storedWithClientId(chat.sessionId(), key)).hasSize(1);
    // The same text with the metadata's fields in another order is the same message.
    ApiClient.Response reordered = chat.send(key,
        "{\"metadata\":{\"n\":1,\"client\":\"cli\"},\"content\":\"  Is my card blocked?\"}");
    assertThat(reordered.status()).as(reordered.body()).isEqualTo(200);
    assertThat(reordered.header("Idempotent-Replayed")).contains("true");
  }

  @Test
  void shouldRefuseMalformedKeysAndStoreNothing() {
    Chat chat = chat("dave");

    // (Keys outside ASCII are refused too, but the JDK's client cannot send one: it writes "?" instead.)
    for (String bad : List.of("\"\"", "a".repeat(65), "two words")) {
      ApiClient.Response refused = chat.send(bad, BODY);
      assertThat(refused.status()).as("key [%s]: %s", bad, refused.body()).isEqualTo(400);
      JsonNode problem = assertProblem(refused, 400, "invalid-request");
      assertThat(problem.get("detail").asText()).as("for key [%s]", bad).contains("Idempotency-Key");
    }
    assertThat(chat.send("a".repeat(64), BODY).status()).isEqualTo(200);
    assertThat(ChatLogTail.allNow(infra.bootstrapServers(), chat.sessionId()).stream()
        .filter(r -> r.value() instanceof UserMessage)).hasSize(1);
  }

  @Test
  void shouldStoreOnceWhenRetriesRaceTheFirstRequest() throws Exception {
    Chat chat = chat("erin");
    String key = UUID.randomUUID().toString();
    int racers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      List<Callable<ApiClient.Response>> sends = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        ApiClient browser = harness.client().withCookie(chat.browser().cookie());
        sends.add(() -> browser.post(chat.messages(), BODY, Map.of(KEY, key)));
      }
      List<ApiClient.Response> answers = new ArrayList<>();
      for (Future<ApiClient.Response> answer : pool.invokeAll(sends, 60, TimeUnit.SECONDS)) {
        answers.add(answer.get());
      }

      assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.body()).isEqualTo(200));
      assertThat(answers.stream().map(a -> a.json().get("message")).distinct()).hasSize(1);
      assertThat(answers.stream().filter(a -> a.header("Idempotent-Replayed").isEmpty())).hasSize(1);
      assertThat(storedWithClientId(chat.sessionId(), key)).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldTakeAWebSocketFrameIdAsTheSameKey() {
    Chat chat = chat("frank");
    long seq;
    try (LiveSocket socket = LiveSocket.open(harness.baseUri(), chat.sessionId(), chat.browser().cookie())) {
      socket.sendMessage("from-the-page-1", "Is my card blocked?");
      seq = LiveSocket.ack(socket.next(), "from-the-page-1").get("seq").asLong();
    }

    ApiClient.Response same = chat.send("from-the-page-1", "{\"content\":\"Is my card blocked?\"}");

    assertThat(same.status()).as(same.body()).isEqualTo(200);
    assertThat(same.json().at("/message/seq").asLong()).isEqualTo(seq);
    assertThat(same.header("Idempotent-Replayed")).contains("true");
    assertThat(storedWithClientId(chat.sessionId(), "from-the-page-1")).hasSize(1);
  }

  private List<UserMessage> storedWithClientId(String sessionId, String clientId) {
    return ChatLogTail.withClientId(infra.bootstrapServers(), sessionId, clientId);
  }
}
