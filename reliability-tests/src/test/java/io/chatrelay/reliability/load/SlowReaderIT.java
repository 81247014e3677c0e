package io.chatrelay.reliability.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.edge.EdgeService;
import io.chatrelay.events.AgentMetadata;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.Topics;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.reliability.testing.Browser;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.JvmStats;
import io.chatrelay.reliability.testing.ReliabilityStack;
import io.chatrelay.testing.LiveSocket;
import io.chatrelay.testing.RawWebSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A browser stops reading while 10 MB of answers are pushed into its session. Only its socket is closed (1013, so
 * it can come back with lastSeq); another tab on the same session and other people are unaffected, and the edge
 * never holds more for it than its queue allows.
 */
class SlowReaderIT {

  private static final int MAX_QUEUED = 1024 * 1024;
  private static final int ANSWERS = 1_000;
  private static final int ANSWER_BYTES = 10 * 1024;

  private final ReliabilityStack stack = ReliabilityStack.shared();

  @Test
  void shouldCloseOnlyTheSocketThatStoppedReadingAndKeepTheEdgesMemoryBounded() throws Exception {
    stack.awaitHealthy();
    try (EdgeService edge = stack.startEdge(Map.of("WS_MAX_QUEUED_BYTES", Integer.toString(MAX_QUEUED)))) {
      String base = edge.baseUri().toString().replaceAll("/$", "");
      Browser browser = new Browser(base);
      String session = browser.openSession("stalled-" + UUID.randomUUID().toString().substring(0, 8),
          ReliabilityStack.BANK);
      String userId = browser.get("/api/v1/sessions/" + session).json().get("userId").asText();
      Browser other = new Browser(base);
      String otherSession = other.openSession("bystander-" + UUID.randomUUID().toString().substring(0, 8),
          ReliabilityStack.BANK);
      long heapBefore = JvmStats.heapAfterGcMiB();
      try (RawWebSocket stalled = RawWebSocket.connect(LiveSocket.uri(URI.create(base), session),
              Map.of("Cookie", "session=" + browser.cookie(), "Origin", base), 4096);
           LiveSocket sameSessionTab = LiveSocket.open(base, session, browser.cookie());
           LiveSocket bystander = LiveSocket.open(base, otherSession, other.cookie())) {
        assertThat(stalled.status()).isEqualTo(101);
        await().atMost(Duration.ofSeconds(10)).until(() -> edge.liveSockets().open() == 3);

        AtomicLong peakQueued = new AtomicLong();
        AtomicLong peakHeap = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
          while (sampling.get()) {
            peakQueued.accumulateAndGet(edge.liveSockets().queuedBytes(), Math::max);
            peakHeap.accumulateAndGet(JvmStats.heapNowMiB(), Math::max);
            try {
              Thread.sleep(5);
            } catch (InterruptedException e) {
              return;
            }
          }
        }, "queue-sampler");
        sampler.start();
        long pushed = System.nanoTime();
        push(session, userId);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
            .until(() -> edge.liveSockets().open() == 2);
        long disconnectMillis = Figures.millisSince(pushed);
        await().atMost(Duration.ofSeconds(60)).until(() -> sameSessionTab.received().stream()
            .filter(f -> "response".equals(f.path("type").asText())).count() == ANSWERS);
        sampling.set(false);
        sampler.join();

        bystander.sendMessage("still-fine", "Am I still served?");
        assertThat(bystander.next(LiveSocket.answerTo("still-fine"), Duration.ofSeconds(20)).path("type").asText())
            .isEqualTo("ack");
        assertThat(sameSessionTab.closeCode()).isNull();
        int stalledClose = stalled.awaitClose(10_000);
        long heapAfter = JvmStats.heapAfterGcMiB();
        Figures.report("10-slow-reader", "%d MB pushed to a socket that stopped reading: closed (%d) after %d ms, "
                + "peak bytes queued on the edge %d (limit %d per socket); the other tab got all %d answers, the "
                + "bystander was served; test JVM heap %d MiB before, peak %d MiB, %d MiB after GC",
            ANSWERS * ANSWER_BYTES / 1_000_000, stalledClose, disconnectMillis, peakQueued.get(), MAX_QUEUED,
            ANSWERS, heapBefore, peakHeap.get(), heapAfter);
        // One socket's queue, another's in-flight frames, and one frame over the limit at most.
        assertThat(peakQueued.get()).isLessThan(2L * MAX_QUEUED + 2L * ANSWER_BYTES);
        assertThat(stalledClose).isIn(1013, 1006);
        assertThat(heapAfter).isLessThan(heapBefore + 64);
      }
    }
  }

  /** Answers big enough to matter, written straight to the log as the connector would. */
  private void push(String session, String userId) {
    KafkaSettings kafka = KafkaSettings.of(stack.bootstrapServers());
    String content = "x".repeat(ANSWER_BYTES);
    try (KafkaProducer<String, ChatEvent> producer = new KafkaProducer<>(kafka.reliableProducer("slow-reader-push"),
        Topics.CHAT_MESSAGES.keySerde().serializer(), Topics.CHAT_MESSAGES.valueSerde().serializer())) {
      for (int i = 0; i < ANSWERS; i++) {
        AgentReply reply = new AgentReply(UUID.randomUUID(), 1, session, userId,
            Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), "agent-" + i, content,
            new AgentMetadata(AgentType.BankRep, 0.5, 1L));
        producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), session, reply));
      }
      producer.flush();
    }
  }
}
