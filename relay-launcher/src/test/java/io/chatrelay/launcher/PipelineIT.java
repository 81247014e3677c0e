package io.chatrelay.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.launcher.testing.Browserless;
import io.chatrelay.launcher.testing.SharedStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The REST half of the product end to end: edge -> Kafka -> projector -> Redis, and connector -> agent -> back. */
@ExtendWith(SharedStack.class)
class PipelineIT {

  private final DevStack stack;

  PipelineIT(DevStack stack) {
    this.stack = stack;
  }

  private static String user() {
    return "user-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void shouldAnswerAUserMessageAndKeepBothInHistoryInOrder() {
    Browserless browser = new Browserless(stack.baseUrl());
    String session = browser.openSession(user(), "TradeBodyRep");

    Browserless.Answer sent = browser.post("/api/v1/sessions/" + session + "/messages",
        "{\"content\":\"  What do trade bodies do?  \"}");
    assertThat(sent.status()).isEqualTo(200);
    JsonNode message = sent.body().get("message");
    assertThat(message.get("content").asText()).isEqualTo("What do trade bodies do?");
    assertThat(message.get("role").asText()).isEqualTo("user");

    JsonNode messages = await().atMost(Duration.ofSeconds(20)).until(
        () -> browser.get("/api/v1/sessions/" + session + "/messages").body().get("messages"),
        list -> list.size() == 2);
    assertThat(messages.get(0).get("id").asText()).isEqualTo(message.get("id").asText());
    JsonNode reply = messages.get(1);
    assertThat(reply.get("role").asText()).isEqualTo("assistant");
    assertThat(reply.get("status").asText()).isEqualTo("delivered");
    assertThat(reply.get("metadata").get("agentType").asText()).isEqualTo("TradeBodyRep");
    assertThat(reply.get("metadata").get("inReplyTo").asText()).isEqualTo(message.get("id").asText());
    assertThat(reply.get("seq").asLong()).isGreaterThan(message.get("seq").asLong());

    JsonNode view = browser.get("/api/v1/sessions/" + session).body();
    assertThat(view.get("metadata").get("messageCount").asInt()).isEqualTo(2);
  }

  @Test
  void shouldShowEveryClientItsOwnWriteOnItsNextReadUnderConcurrentRequests() throws Exception {
    int clients = 16;
    int messagesEach = 5;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        results.add(pool.submit(() -> writeThenReadEachTime(messagesEach)));
      }
      for (Future<List<String>> result : results) {
        assertThat(result.get()).as("writes missing from the writer's next read").isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Returns the messages that the read right after their write did not show. */
  private List<String> writeThenReadEachTime(int count) {
    Browserless browser = new Browserless(stack.baseUrl());
    String session = browser.openSession(user(), "BankRep");
    List<String> missing = new ArrayList<>();
    if (browser.get("/api/v1/sessions/" + session).status() != 200) {
      missing.add("session " + session);
    }
    for (int i = 0; i < count; i++) {
      String content = "message " + i + " " + UUID.randomUUID();
      Browserless.Answer sent = browser.post("/api/v1/sessions/" + session + "/messages",
          "{\"content\":\"" + content + "\"}");
      if (sent.status() != 200) {
        missing.add(content + " (POST answered " + sent.status() + ")");
        continue;
      }
      JsonNode history = browser.get("/api/v1/sessions/" + session + "/messages?limit=100").body().get("messages");
      boolean seen = false;
      for (JsonNode m : history) {
        seen |= m.get("content").asText().equals(content);
      }
      if (!seen) {
        missing.add(content);
      }
    }
    return missing;
  }

  @Test
  void shouldListSessionsNewestActivityFirstAndForgetDeletedOnes() {
    Browserless browser = new Browserless(stack.baseUrl());
    String me = user();
    String older = browser.openSession(me, "BankRep");
    String newer = browser.openSession(me, "PaymentsEcosystemRep");
    assertThat(browser.post("/api/v1/sessions/" + older + "/messages", "{\"content\":\"bump\"}").status())
        .isEqualTo(200);

    JsonNode sessions = browser.get("/api/v1/sessions").body().get("sessions");
    assertThat(sessions).hasSize(2);
    assertThat(sessions.get(0).get("id").asText()).isEqualTo(older);
    assertThat(sessions.get(1).get("id").asText()).isEqualTo(newer);

    assertThat(browser.delete("/api/v1/sessions/" + older).body().get("status").asText()).isEqualTo("deleted");
    assertThat(browser.get("/api/v1/sessions/" + older).status()).isEqualTo(404);
    assertThat(browser.get("/api/v1/sessions/" + older + "/messages").status()).isEqualTo(404);
    JsonNode remaining = browser.get("/api/v1/sessions").body().get("sessions");
    assertThat(remaining).hasSize(1);
    assertThat(remaining.get(0).get("id").asText()).isEqualTo(newer);
  }

  @Test
  void shouldNeverShowOneUsersConversationToAnother() {
    Browserless alice = new Browserless(stack.baseUrl());
    Browserless mallory = new Browserless(stack.baseUrl());
    String session = alice.openSession(user(), "BankRep");
    mallory.openSession(user(), "BankRep");

    Browserless.Answer peek = mallory.get("/api/v1/sessions/" + session);
    Browserless.Answer nothing = mallory.get("/api/v1/sessions/" + UUID.randomUUID());
    assertThat(peek.status()).isEqualTo(404);
    assertThat(peek.body()).isEqualTo(nothing.body());
    assertThat(mallory.get("/api/v1/sessions/" + session + "/messages").status()).isEqualTo(404);
    assertThat(mallory.post("/api/v1/sessions/" + session + "/messages", "{\"content\":\"hi\"}").status())
        .isEqualTo(404);
    assertThat(mallory.delete("/api/v1/sessions/" + session).status()).isEqualTo(404);
    assertThat(alice.get("/api/v1/sessions/" + session).status()).isEqualTo(200);
  }
}
