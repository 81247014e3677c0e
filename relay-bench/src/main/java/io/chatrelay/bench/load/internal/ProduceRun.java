package io.chatrelay.bench.load.internal;

import io.chatrelay.bench.load.Percentiles;
import io.chatrelay.bench.load.ProducePlan;
import io.chatrelay.bench.load.ProduceReport;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import io.chatrelay.kit.KafkaSettings;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;

/** The {@code produce} task: the raw producer baseline. */
public final class ProduceRun {

  /** Records handed to the producer and not yet acknowledged, at most: about what its buffer holds. */
  private static final int MAX_IN_FLIGHT = 50_000;
  private static final int WARM_UP_SECONDS = 2;

  private final ProducePlan plan;
  private final PrintStream out;
  private final List<String> keys = new ArrayList<>();

  public ProduceRun(ProducePlan plan, PrintStream out) {
    this.plan = plan;
    this.out = out;
    for (int i = 0; i < plan.keys(); i++) {
      keys.add(UUID.randomUUID().toString());
    }
  }

  public ProduceReport run() throws Exception {
    KafkaSettings kafka = KafkaSettings.of(plan.bootstrapServers()).withPartitions(plan.partitions());
    try (Admin admin = Admin.create(kafka.admin("bench-baseline-admin"))) {
      admin.createTopics(Set.of(new NewTopic(plan.topic(), plan.partitions(), (short) 1))).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
    int bytes = ChatEventSerde.toBytes(event(0)).length;
    try (KafkaProducer<String, ChatEvent> producer = new KafkaProducer<>(kafka.reliableProducer("bench-baseline"),
        Topics.CHAT_MESSAGES.keySerde().serializer(), Topics.CHAT_MESSAGES.valueSerde().serializer())) {
      // Warm-up (connections, metadata, JIT), no longer than a measured run: a smoke run measures for one second.
      sendSync(producer, 1, Math.min(WARM_UP_SECONDS, plan.syncSeconds()), bytes);
      ProduceReport.Run async = sendAsync(producer, bytes);
      List<ProduceReport.Run> sync = new ArrayList<>();
      for (int threads : plan.syncThreads()) {
        sync.add(sendSync(producer, threads, plan.syncSeconds(), bytes));
      }
      return new ProduceReport(bytes, async, sync);
    }
  }

  private ChatEvent event(long n) {
    String id = plan.clientIds() ? "p-" + n : null;
    return UserMessage.of(keys.get((int) (n % keys.size())), "bench-producer", Instant.now()
        .truncatedTo(ChronoUnit.MILLIS), id, plan.content(), id == null ? Map.of() : Map.of("b", id),
        AgentType.BankRep);
  }

  private ProduceReport.Run sendAsync(KafkaProducer<String, ChatEvent> producer, int bytes)
      throws InterruptedException {
    Histogram latency = new ConcurrentHistogram(1, 600_000_000L, 3);
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    AtomicLong acked = new AtomicLong();
    long start = System.nanoTime();
    long end = start + plan.asyncSeconds() * 1_000_000_000L;
    long n = 0;
    while (System.nanoTime() < end) {
      inFlight.acquire();
      long sent = System.nanoTime();
      ChatEvent event = event(n++);
      producer.send(new ProducerRecord<>(plan.topic(), event.sessionId(), event), (meta, error) -> {
        inFlight.release();
        if (error == null) {
          acked.incrementAndGet();
          latency.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
        }
      });
    }
    producer.flush();
    double seconds = (System.nanoTime() - start) / 1e9;
    ProduceReport.Run run = new ProduceReport.Run(0, acked.get(), seconds, acked.get() / seconds,
        acked.get() * (double) bytes / seconds / 1e6, Percentiles.ofMicros(latency));
    out.printf(Locale.ROOT, "raw producer, asynchronous: %,.0f records/s (%.1f MB/s), p99 %.1f ms%n",
        run.recordsPerSecond(), run.megabytesPerSecond(), run.latency().p99());
    return run;
  }

  private ProduceReport.Run sendSync(KafkaProducer<String, ChatEvent> producer, int threads, int seconds, int bytes)
      throws InterruptedException {
    Histogram latency = new ConcurrentHistogram(1, 600_000_000L, 3);
    AtomicLong sequence = new AtomicLong(1_000_000_000L);
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        while (System.nanoTime() < end) {
          ChatEvent event = event(sequence.incrementAndGet());
          long sent = System.nanoTime();
          try {
            producer.send(new ProducerRecord<>(plan.topic(), event.sessionId(), event)).get();
            latency.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
          } catch (ExecutionException e) {
            // counted by its absence from the histogram
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }, "producer-" + t);
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    double took = (System.nanoTime() - start) / 1e9;
    long records = latency.getTotalCount();
    ProduceReport.Run run = new ProduceReport.Run(threads, records, took, records / took,
        records * (double) bytes / took / 1e6, Percentiles.ofMicros(latency));
    out.printf(Locale.ROOT, "raw producer, %d thread(s) one at a time: %,.0f records/s, p50 %.2f ms p99 %.2f ms%n",
        threads, run.recordsPerSecond(), run.latency().p50(), run.latency().p99());
    return run;
  }
}
