package io.chatrelay.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.events.UserMessage;
import io.chatrelay.reliability.testing.AckAudit;
import io.chatrelay.reliability.testing.Browser;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.HostileAgent;
import io.chatrelay.reliability.testing.LogDump;
import io.chatrelay.reliability.testing.ReliabilityStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connector's process is SIGKILLed while the agent is answering: some answers are published, some are on their
 * way, some are not given yet, and no offset of them is committed. After a restart every message shows exactly
 * one answer; if the agent had to be asked twice, only one of its answers is shown.
 */
class ConnectorCrashIT {

  private static final int SESSIONS = 6;

  private final ReliabilityStack stack = ReliabilityStack.shared();

  @AfterEach
  void calmTheAgent() {
    stack.hostileAgent().reset();
    if (!stack.connector().isRunning()) {
      stack.connector().start();
    }
  }

  @Test
  void shouldShowExactlyOneAnswerPerMessageWhenTheConnectorIsKilledBetweenAgentCallAndCommit() throws Exception {
    stack.awaitHealthy();
    HostileAgent agent = stack.hostileAgent();
    CompletableFuture<Long> killed = new CompletableFuture<>();
    AtomicInteger answered = new AtomicInteger();
    // Answers 300 ms apart: when the third is out, two are published and three are still being thought about.
    agent.delay(frame -> Duration.ofMillis(300L * Integer.parseInt(frame.path("content").asText().split(" ")[1])))
        .onAnswered(frame -> {
          if (answered.incrementAndGet() == 3 && !killed.isDone()) {
            long at = System.nanoTime();
            stack.connector().kill();
            killed.complete(at);
          }
        });

    String run = UUID.randomUUID().toString().substring(0, 6);
    Map<String, Browser> sessions = new HashMap<>();
    List<String> contents = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      Browser browser = new Browser(stack.baseUrl());
      String session = browser.openSession("crash-conn-" + run + "-" + i, ReliabilityStack.HOSTILE);
      sessions.put(session, browser);
      String content = "question " + i + " of " + run;
      contents.add(content);
      assertThat(browser.send(session, content).status()).isEqualTo(200);
    }
    long killedAt = killed.get(60, java.util.concurrent.TimeUnit.SECONDS);
    int callsBeforeKill = contents.size();
    agent.onAnswered(frame -> { });
    stack.connector().start();

    Map<String, Integer> answers = new HashMap<>();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
      answers.clear();
      sessions.forEach((session, browser) -> answers.putAll(
          AckAudit.answersPerMessage(browser.fullHistory(session))));
      return answers.size() == SESSIONS && answers.values().stream().allMatch(n -> n >= 1);
    });
    long recoveredMillis = Figures.millisSince(killedAt);
    // Nothing more arrives later: the answers stay one per message.
    Thread.sleep(500);
    sessions.forEach((session, browser) -> answers.putAll(
        AckAudit.answersPerMessage(browser.fullHistory(session))));

    LogDump log = LogDump.read(stack.bootstrapServers());
    List<UserMessage> messages = log.userMessages().stream().filter(m -> sessions.containsKey(m.sessionId()))
        .toList();
    long agentCalls = messages.stream().mapToLong(m -> agent.calls(m.eventId().toString())).sum();
    Map<UUID, Long> outcomes = log.outcomesPerMessage();
    long answersInLog = messages.stream().mapToLong(m -> outcomes.getOrDefault(m.eventId(), 0L)).sum();
    Figures.report("3-connector-kill", "%d messages; connector SIGKILLed after 3 answers; %d agent calls (%d "
            + "duplicate calls), %d answers in the log, %d visible duplicates; all answered %d ms after the kill",
        callsBeforeKill, agentCalls, agentCalls - messages.size(), answersInLog,
        answers.values().stream().mapToLong(n -> n - 1).sum(), recoveredMillis);
    assertThat(messages).hasSize(SESSIONS);
    assertThat(answers.values()).as("visible answers per message").containsOnly(1);
    assertThat(messages).allMatch(m -> agent.calls(m.eventId().toString()) >= 1);
    stack.awaitHealthy();
  }
}
