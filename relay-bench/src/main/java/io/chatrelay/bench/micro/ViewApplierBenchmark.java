package io.chatrelay.bench.micro;

import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.EmbeddedRedis;
import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.BatchResult;
import io.chatrelay.views.redis.LoggedEvent;
import io.chatrelay.views.redis.ViewApplier;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.clients.jedis.RedisClient;

/**
 * The projector's write path: one batch of events (questions and answers of many sessions, as a partition carries
 * them) applied to a real Redis by {@link ViewApplier}: one Lua script per event and the positions announcement, in
 * one pipeline. Reported per event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ViewApplierBenchmark {

  static final int BATCH = 100;
  private static final int SESSIONS = 50;

  private EmbeddedRedis redis;
  private ViewApplier applier;
  private final List<String> sessions = new ArrayList<>();
  private long offset;

  @Setup(Level.Trial)
  public void startRedis() {
    redis = EmbeddedRedis.start(0);
    applier = new ViewApplier(redis.url(), new ViewKeys("jmh:"));
  }

  /** Fresh views each iteration, so Redis does not grow without bound across the run. */
  @Setup(Level.Iteration)
  public void freshViews() {
    try (RedisClient client = RedisClient.create(URI.create(redis.url()))) {
      client.flushAll();
    }
    applier.close();
    applier = new ViewApplier(redis.url(), new ViewKeys("jmh:"));
    sessions.clear();
    offset = 0;
    List<LoggedEvent> created = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      String id = UUID.randomUUID().toString();
      sessions.add(id);
      created.add(LoggedEvent.of(Samples.created(id, "user-" + i), 0, offset++));
    }
    applier.apply(created);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public BatchResult applyBatch() {
    List<LoggedEvent> events = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH / 2; i++) {
      int s = (int) (offset % SESSIONS);
      UserMessage question = Samples.question(sessions.get(s), "user-" + s);
      events.add(LoggedEvent.of(question, 0, offset++));
      events.add(LoggedEvent.of(Samples.answer(question), 0, offset++));
    }
    return applier.apply(events);
  }

  @TearDown(Level.Trial)
  public void stop() {
    applier.close();
    redis.close();
  }
}
