package io.chatrelay.launcher.tools;

import io.chatrelay.events.Topics;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.launcher.tools.internal.Connection;
import io.chatrelay.launcher.tools.internal.Interruption;
import io.chatrelay.launcher.tools.internal.LogCopy;
import io.chatrelay.launcher.tools.internal.Progress;
import io.chatrelay.views.redis.LogReader;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "copy-log", mixinStandardHelpOptions = true,
    description = "Copies chat-messages (or --from) into a new topic of --partitions partitions: every record with "
        + "its key, headers and timestamp, each session's events in their order, each on the partition the product "
        + "looks for it in a topic of that size. The step of moving the log to more partitions; see "
        + "docs/operators.md for the whole procedure. Stop the edges and connectors first: records written during "
        + "the copy are not in it.%nExit status: 0 copied, 1 failed or the source grew meanwhile, 2 bad usage, "
        + "130 Ctrl-C.")
public final class CopyLogCommand implements Callable<Integer> {

  @Option(names = "--from", paramLabel = "TOPIC", description = "The topic to copy (default: chat-messages).")
  String from = Topics.CHAT_MESSAGES.name();

  @Option(names = "--to", paramLabel = "TOPIC", required = true, description = "The new topic; must not exist.")
  String to;

  @Option(names = "--partitions", paramLabel = "N", required = true, description = "Partitions of the new topic.")
  int partitions;

  @Mixin
  Connection connection = new Connection();

  private PrintStream out = System.out;
  private PrintStream err = System.err;

  /** For tests: where the summary and the notes go. */
  public CopyLogCommand printTo(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
    return this;
  }

  @Override
  public Integer call() {
    if (partitions < 1 || partitions > 10_000) {
      err.println("copy-log: --partitions must be between 1 and 10000, was " + partitions);
      return 2;
    }
    if (from.equals(to)) {
      err.println("copy-log: --to must name another topic than --from");
      return 2;
    }
    KafkaSettings kafka = connection.kafka();
    long started = System.nanoTime();
    try (Admin admin = Admin.create(kafka.admin("relay-copy-log"));
        LogReader source = new LogReader(kafka, "relay-copy-log", from);
        Producer<String, byte[]> producer = new KafkaProducer<>(kafka.reliableProducer("relay-copy-log"),
            new StringSerializer(), new ByteArraySerializer());
        Interruption interruption = new Interruption(source::wakeup)) {
      try {
        LogCopy.Result result = new LogCopy(admin, source, producer).copy(to, partitions,
            Progress.onStderr("copy-log"), interruption::interrupted);
        return report(result, (System.nanoTime() - started) / 1e9);
      } catch (IllegalArgumentException e) {
        err.println("copy-log: " + e.getMessage());
        return 2;
      } catch (RuntimeException e) {
        err.println("copy-log: " + e.getMessage());
        return interruption.interrupted() ? 130 : 1;
      }
    } catch (RuntimeException e) {
      err.println("copy-log: " + e.getMessage());
      return 1;
    }
  }

  private int report(LogCopy.Result result, double seconds) {
    out.printf(Locale.ROOT, "copy-log: %d records copied from %s (%d partitions) to %s (%d partitions, "
        + "replication factor %d) in %.1f s%n", result.records(), from, result.fromPartitions(), to,
        result.toPartitions(), result.replicationFactor(), seconds);
    if (result.sourceGrew()) {
      err.println("copy-log: " + from + " grew during the copy; those records are not in " + to + ". Stop the "
          + "edges and connectors, delete " + to + " and copy again.");
      return 1;
    }
    return 0;
  }
}
