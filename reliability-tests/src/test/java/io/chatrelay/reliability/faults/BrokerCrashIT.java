package io.chatrelay.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.reliability.testing.AckAudit;
import io.chatrelay.reliability.testing.Browser;
import io.chatrelay.reliability.testing.Chatter;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.LogDump;
import io.chatrelay.reliability.testing.ReliabilityStack;
import io.chatrelay.reliability.testing.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The broker is SIGKILLed twice (three times in the full variant) while browsers chat over WebSockets and REST, and
 * restarted each time. Clients send a refused message again with the same id (a frame's id, REST's
 * {@code Idempotency-Key}) until it is stored.
 * What a client was told is stored must be in the log exactly once and get exactly one visible answer; while the
 * broker is gone clients must hear errors, never an acknowledgement for something that was not stored.
 */
class BrokerCrashIT {

  private static final int SOCKET_CLIENTS = 4;
  private static final int REST_CLIENTS = 2;

  private final ReliabilityStack stack = ReliabilityStack.shared();

  /** A REST message: stored (200, with its id and seq), or given up on after two minutes of refusals. */
  private record RestSend(String sessionId, String content, int status, String messageId, long seq) {}

  @Test
  void shouldKeepEveryAcknowledgedMessageExactlyOnceWithOneAnswerAcrossBrokerKills() throws Exception {
    stack.awaitHealthy();
    int total = Settings.integer("broker-crash.messages", 400, 10_000);
    // Each kill waits out a broker restart, most of this test's time. Two kills already hit a broker that came back
    // from one, with traffic in flight both times; the full variant keeps three.
    int kills = Settings.integer("broker-crash.kills", 2, 3);
    AtomicInteger quota = new AtomicInteger(total);
    String run = UUID.randomUUID().toString().substring(0, 6);
    List<Chatter> chatters = new ArrayList<>();
    Map<String, Browser> browsers = new HashMap<>();
    for (int i = 0; i < SOCKET_CLIENTS; i++) {
      Browser browser = new Browser(stack.baseUrl());
      String session = browser.openSession("crash-ws-" + run + "-" + i, ReliabilityStack.BANK);
      browsers.put(session, browser);
      chatters.add(new Chatter("ws" + i + "-" + run, List.of(stack.baseUrl()), browser.cookie(), session,
          () -> quota.getAndDecrement() > 0, Duration.ZERO));
    }
    List<RestSend> restSends = new CopyOnWriteArrayList<>();
    AtomicInteger restRefusals = new AtomicInteger();
    AtomicInteger restRefusedButStored = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    chatters.forEach(c -> threads.add(start(c.sessionId(), c)));
    for (int i = 0; i < REST_CLIENTS; i++) {
      Browser browser = new Browser(stack.baseUrl());
      String session = browser.openSession("crash-rest-" + run + "-" + i, ReliabilityStack.BANK);
      browsers.put(session, browser);
      String label = "rest" + i + "-" + run;
      threads.add(start(label, () -> restTraffic(browser, session, label, quota, restSends, restRefusals,
          restRefusedButStored)));
    }

    List<Long> unavailableMillis = new ArrayList<>();
    for (int kill = 1; kill <= kills; kill++) {
      int threshold = total - total * kill / (kills + 1);
      await().atMost(Duration.ofMinutes(3)).until(() -> quota.get() <= threshold);
      long acksBefore = acks(chatters, restSends);
      long killedAt = System.nanoTime();
      stack.kafka().kill();
      stack.kafka().restart();
      await().atMost(Duration.ofMinutes(2)).until(() -> acks(chatters, restSends) > acksBefore + SOCKET_CLIENTS);
      unavailableMillis.add(Figures.millisSince(killedAt));
    }
    for (Thread thread : threads) {
      thread.join(Duration.ofMinutes(3).toMillis());
    }

    List<Chatter.Acked> wsAcked = chatters.stream().flatMap(c -> c.acked().stream()).toList();
    List<RestSend> restAcked = restSends.stream().filter(s -> s.status() == 200).toList();
    Map<String, Long> ackedSeqByContent = new HashMap<>();
    wsAcked.forEach(a -> ackedSeqByContent.put(a.content(), a.seq()));
    restAcked.forEach(s -> ackedSeqByContent.put(s.content(), s.seq()));
    List<String> restGaveUp = restSends.stream().filter(s -> s.status() != 200).map(RestSend::content).toList();

    // Every acknowledged message is in the log exactly once, at the seq it was acknowledged with.
    LogDump log = LogDump.read(stack.bootstrapServers());
    AckAudit audit = AckAudit.of(log, browsers.keySet(), ackedSeqByContent);
    int errorsSeen = chatters.stream().mapToInt(Chatter::errors).sum() + restRefusals.get();

    // Every stored message gets exactly one visible answer.
    Map<String, Integer> answers = AckAudit.visibleAnswers(browsers, audit.stored());
    long extraInLog = log.outcomesPerMessage().values().stream().filter(n -> n > 1).count();

    Figures.report("1-broker-kill", "%d kills; %d acknowledged (%d WebSocket, %d REST), %d found in the log, "
            + "%d missing, %d duplicates, %d at another seq; %d errors shown to clients (%d of them REST refusals, "
            + "retried with the same Idempotency-Key; %d of those messages had been stored all the same, and the "
            + "retry was answered with that copy); unavailable %s ms; %d messages with more than one answer in the log",
        kills, audit.acknowledged(), wsAcked.size(), restAcked.size(), audit.found(), audit.missing().size(),
        audit.duplicated().size(), audit.wrongSeq().size(), errorsSeen, restRefusals.get(),
        restRefusedButStored.get(), unavailableMillis, extraInLog);
    assertThat(audit.missing()).as("acknowledged but not in the log").isEmpty();
    assertThat(audit.duplicated()).as("stored more than once").isEmpty();
    assertThat(audit.wrongSeq()).as("acknowledged with a seq where the message is not").isEmpty();
    assertThat(chatters.stream().flatMap(c -> c.gaveUp().stream())).as("never acknowledged").isEmpty();
    assertThat(restGaveUp).as("REST messages never stored").isEmpty();
    assertThat(answers.values()).as("visible answers per message").allMatch(n -> n == 1);
    assertThat(errorsSeen).as("clients were told while the broker was gone").isPositive();
    stack.awaitHealthy();
  }

  private static long acks(List<Chatter> chatters, List<RestSend> rest) {
    return chatters.stream().mapToLong(c -> c.acked().size()).sum() + rest.stream().filter(s -> s.status() == 200)
        .count();
  }

  /**
   * Sends until the quota is used, as a careful REST client does: each message with an Idempotency-Key of its own,
   * sent again with that key after a refusal or a lost answer until it is stored. A refusal may hide a message the
   * broker took just before it died; the key keeps the retry from storing it twice.
   */
  private static void restTraffic(Browser browser, String session, String label, AtomicInteger quota,
      List<RestSend> sends, AtomicInteger refusals, AtomicInteger refusedButStored) {
    String path = "/api/v1/sessions/" + session + "/messages";
    for (int i = 0; quota.getAndDecrement() > 0; i++) {
      String content = "message " + label + "-" + i;
      Map<String, String> key = Map.of("Idempotency-Key", label + "-" + i);
      long giveUpAt = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      int status = -1;
      JsonNode message = null;
      while (status != 200 && System.nanoTime() < giveUpAt) {
        try {
          Browser.Answer answer = browser.post(path, "{\"content\":\"" + content + "\"}", key);
          status = answer.status();
          message = status == 200 ? answer.json().get("message") : null;
          if (status == 200 && "true".equals(answer.header("Idempotent-Replayed"))) {
            refusedButStored.incrementAndGet(); // only a retry can be a replay: the first try was refused
          }
        } catch (RuntimeException e) {
          status = -1;
        }
        if (status != 200) {
          refusals.incrementAndGet();
          if (!pause(250)) {
            return;
          }
        }
      }
      sends.add(new RestSend(session, content, status, message == null ? null : message.get("id").asText(),
          message == null ? -1 : message.get("seq").asLong()));
    }
  }

  private static boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static Thread start(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
