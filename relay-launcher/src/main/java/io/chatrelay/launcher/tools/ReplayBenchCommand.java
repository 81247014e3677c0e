package io.chatrelay.launcher.tools;

import io.chatrelay.events.Topics;
import io.chatrelay.infra.EmbeddedKafka;
import io.chatrelay.infra.EmbeddedRedis;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.kit.TopicBootstrap;
import io.chatrelay.launcher.tools.internal.BenchLog;
import io.chatrelay.launcher.tools.internal.ExportFormat;
import io.chatrelay.launcher.tools.internal.Exporter;
import io.chatrelay.launcher.tools.internal.Machine;
import io.chatrelay.launcher.tools.internal.Progress;
import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.RedisEndpoint;
import io.chatrelay.views.redis.LogReader;
import io.chatrelay.views.redis.SessionLog;
import io.chatrelay.views.redis.SessionStart;
import io.chatrelay.views.redis.ViewPointer;
import io.chatrelay.views.redis.ViewRebuild;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.UnifiedJedis;

@Command(name = "replay-bench", mixinStandardHelpOptions = true,
    description = "Measures the replay tools on this machine: writes a synthetic log of --events events into a broker "
        + "and a Redis of its own (started here, deleted afterwards), then times rebuild-views (next to a "
        + "redis-benchmark figure of the same Redis), history of one session, and export. Prints a Markdown "
        + "table.")
public final class ReplayBenchCommand implements Callable<Integer> {

  @Option(names = "--events", defaultValue = "1000000", description = "Events to write (default: ${DEFAULT-VALUE}).")
  long events;

  @Option(names = "--runs", defaultValue = "5", description = "Runs per history measurement (default: ${DEFAULT-VALUE}).")
  int runs;

  private final PrintStream out = System.out;
  private final List<String> rows = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (events < 1_000 || runs < 1) {
      System.err.println("bench: --events must be at least 1000 and --runs at least 1");
      return 2;
    }
    Path dir = Files.createTempDirectory("relay-bench");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
         EmbeddedRedis redis = EmbeddedRedis.start(0)) {
      KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
      try (Admin admin = Admin.create(settings.admin("relay-bench"))) {
        TopicBootstrap.ensureChatMessages(admin, Topics.DEFAULT_PARTITIONS, Duration.ofSeconds(30));
      }
      BenchLog.Written log = BenchLog.write(settings, events, Progress.onStderr("bench: writing the log"));
      row("write the log (producer, lz4, acks=all)", log.events(), log.took());
      row("redis-benchmark SET, pipeline 16, 1,000,000 requests", Machine.redisBenchmark(redis.port()));
      ViewKeys target = rebuild(settings, redis.url(), log);
      history(settings, redis.url(), target, log);
      export(settings, log, dir);
      print(log);
      return 0;
    } finally {
      deleteTree(dir);
    }
  }

  private ViewKeys rebuild(KafkaSettings kafka, String redisUrl, BenchLog.Written log) {
    ViewKeys home = ViewKeys.defaults();
    ViewKeys target = new ViewKeys("bench-rebuilt:");
    long memoryBefore = usedMemory(redisUrl);
    try (LogReader reader = new LogReader(kafka, "relay-bench-rebuild");
         ViewRebuild rebuild = new ViewRebuild(reader, redisUrl, home, target, ViewRebuild.DEFAULT_BATCH_SIZE,
             Clock.systemUTC())) {
      Progress progress = Progress.onStderr("bench: rebuild-views");
      ViewRebuild.Summary summary = rebuild.run(progress::update, () -> false);
      progress.finish();
      row("rebuild-views (" + summary.sessions() + " sessions)", summary.events(), summary.took());
      long views = usedMemory(redisUrl) - memoryBefore;
      rows.add(String.format(Locale.ROOT, "| Redis memory of the rebuilt views (%,d sessions of %d events) | | %.1f MB, "
          + "%,d bytes per session |", summary.sessions(), BenchLog.EVENTS_PER_SESSION, views / 1e6,
          views / Math.max(1, summary.sessions())));
    }
    return target;
  }

  /** Redis's {@code used_memory}: what its data takes, allocator overhead included. */
  private static long usedMemory(String redisUrl) {
    try (UnifiedJedis redis = RedisEndpoint.parse(redisUrl).open("replay-bench")) {
      return redis.info("memory").lines().filter(l -> l.startsWith("used_memory:"))
          .mapToLong(l -> Long.parseLong(l.substring("used_memory:".length()).trim())).findFirst()
          .orElseThrow(() -> new IllegalStateException("INFO memory has no used_memory"));
    }
  }

  private void history(KafkaSettings kafka, String redisUrl, ViewKeys views, BenchLog.Written log) {
    List<String> sessions = log.sessions();
    Map<String, String> picks = Map.of("oldest", sessions.get(0), "middle", sessions.get(sessions.size() / 2),
        "newest", sessions.get(sessions.size() - 1));
    for (String which : List.of("oldest", "middle", "newest")) {
      String session = picks.get(which);
      Map<String, String> view;
      Long projected;
      try (UnifiedJedis redis = RedisEndpoint.parse(redisUrl).open("replay-bench")) {
        ViewKeys live = new ViewPointer(ViewKeys.defaults()).resolve(redis);
        view = redis.hgetAll(live.session(session));
        projected = Long.valueOf(redis.hget(live.positions(), view.get("partition")));
      }
      long[] scanned = new long[2];
      Duration withView = median(() -> scanned[0] = replay(kafka, session, view, projected));
      Duration withoutView = median(() -> scanned[1] = replay(kafka, session, Map.of(), null));
      rows.add(String.format(Locale.ROOT, "| history of the %s session, view present: firstSeq..lastSeq (%,d records read) "
          + "| %d ms | |", which, scanned[0], withView.toMillis()));
      rows.add(String.format(Locale.ROOT, "| history of the %s session, no view: start from its UUIDv7 id (%,d "
          + "records read) | %d ms | |", which, scanned[1], withoutView.toMillis()));
    }
  }

  /** One history as the command runs it, from a new consumer; returns the records read. */
  private static long replay(KafkaSettings kafka, String session, Map<String, String> view, Long projected) {
    try (LogReader reader = new LogReader(kafka, "relay-bench-history")) {
      SessionLog sessions = new SessionLog(reader);
      SessionStart start = sessions.locate(session, view, projected, null);
      SessionLog.Replay replay = sessions.replay(session, start, r -> { }, () -> false);
      if (replay.events() != BenchLog.EVENTS_PER_SESSION) {
        throw new IllegalStateException("history of " + session + " found " + replay.events() + " events");
      }
      return replay.scanned();
    }
  }

  private Duration median(Runnable run) {
    List<Long> nanos = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      run.run();
      nanos.add(System.nanoTime() - start);
    }
    Collections.sort(nanos);
    return Duration.ofNanos(nanos.get(nanos.size() / 2));
  }

  private void export(KafkaSettings kafka, BenchLog.Written log, Path dir) throws IOException {
    Instant middle = log.first().plus(Duration.between(log.first(), log.last()).dividedBy(2));
    exportOnce(kafka, log.first(), log.last().plusSeconds(1), dir, "export of the whole log, JSON lines");
    exportOnce(kafka, middle, middle.plus(Duration.ofMinutes(10)), dir, "export of 10 minutes mid-log, JSON lines");
  }

  private void exportOnce(KafkaSettings kafka, Instant from, Instant to, Path dir, String label) throws IOException {
    long started = System.nanoTime();
    Exporter.Summary summary;
    try (LogReader reader = new LogReader(kafka, "relay-bench-export");
         Writer writer = new BufferedWriter(Files.newBufferedWriter(dir.resolve("export.jsonl")), 1 << 16)) {
      summary = new Exporter(reader, ExportFormat.jsonl, writer).run(from, to, null, false,
          Progress.onStderr("bench: export"), () -> false);
    }
    row(label + String.format(Locale.ROOT, " (%,d events written)", summary.exported()), summary.read(),
        Duration.ofNanos(System.nanoTime() - started));
  }

  private void row(String what, long count, Duration took) {
    double seconds = Math.max(took.toNanos() / 1e9, 1e-6);
    rows.add(String.format(Locale.ROOT, "| %s | %.1f s | %,.0f events/s |", what, seconds, count / seconds));
  }

  private void row(String what, String figure) {
    rows.add("| " + what + " | | " + figure + " |");
  }

  private void print(BenchLog.Written log) {
    out.println();
    out.printf(Locale.ROOT, "Machine: %s; %,d events in %,d sessions of %d events, %d partitions.%n",
        Machine.describe(), log.events(), log.sessions().size(), BenchLog.EVENTS_PER_SESSION,
        Topics.DEFAULT_PARTITIONS);
    out.println();
    out.println("| What | Time | Rate |");
    out.println("|---|---|---|");
    rows.forEach(out::println);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
