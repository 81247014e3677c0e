package io.chatrelay.bench.micro;

import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.EmbeddedRedis;
import io.chatrelay.infra.RedisCluster;
import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.BatchResult;
import io.chatrelay.views.redis.LoggedEvent;
import io.chatrelay.views.redis.ViewApplier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The projector's write path: one batch of events (questions and answers of many sessions, as a partition carries
 * them) applied to a real Redis by {@link ViewApplier}: one Lua script per event, the users' indexes, then the
 * positions and their announcement. Reported per event, on one Redis server ({@code single}, the baseline) and on a
 * Redis Cluster of three masters ({@code cluster}: the sessions spread over the masters, three round trips a batch;
 * needs redis-server 7 on the PATH), in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ViewApplierBenchmark {

  static final int BATCH = 100;
  private static final int SESSIONS = 50;

  @Param({"single", "cluster"})
  public String redisShape;

  private AutoCloseable redis;
  private String url;
  private ViewApplier applier;
  private int iteration;
  private final List<String> sessions = new ArrayList<>();
  private long offset;

  @Setup(Level.Trial)
  public void startRedis() throws IOException {
    if ("cluster".equals(redisShape)) {
      Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
      RedisCluster cluster = RedisCluster.start(Files.createTempDirectory(tmp, "jmh-redis-cluster"), 3, 0,
          Duration.ofSeconds(5));
      redis = cluster;
      url = cluster.url();
    } else {
      EmbeddedRedis single = EmbeddedRedis.start(0);
      redis = single;
      url = single.url();
    }
  }

  /** Fresh views (a prefix of their own) each iteration. */
  @Setup(Level.Iteration)
  public void freshViews() {
    if (applier != null) {
      applier.close();
    }
    applier = new ViewApplier(url, new ViewKeys("jmh-" + iteration++ + ":"));
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
  public void stop() throws Exception {
    applier.close();
    redis.close();
  }
}
