package io.chatrelay.launcher.tools;

import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.launcher.tools.internal.Connection;
import io.chatrelay.launcher.tools.internal.EventText;
import io.chatrelay.launcher.tools.internal.Interruption;
import io.chatrelay.launcher.tools.internal.Redaction;
import io.chatrelay.launcher.tools.internal.TimeArg;
import io.chatrelay.launcher.tools.internal.Views;
import io.chatrelay.views.SessionFields;
import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.RedisEndpoint;
import io.chatrelay.views.redis.LogReader;
import io.chatrelay.views.redis.SessionLog;
import io.chatrelay.views.redis.SessionStart;
import io.chatrelay.views.redis.ViewPointer;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import redis.clients.jedis.UnifiedJedis;

@Command(name = "history", mixinStandardHelpOptions = true,
    description = "Prints one conversation straight from the log (chat-messages), in order: readable text, or the "
        + "events as JSON lines. Reads one partition (the session's, from its key) from the session's first "
        + "event: the view's firstSeq when Redis has the session, else the time inside a version-7 session id, "
        + "else --since. Never joins a consumer group or commits offsets; reads committed events only.%nExit "
        + "status: 0 printed, 1 no events found or Kafka unreachable, 2 bad usage, 130 Ctrl-C.")
public final class HistoryCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  /** How history is printed. */
  public enum Format { text, jsonl }

  @Parameters(index = "0", paramLabel = "SESSION_ID", description = "The session to print.")
  String sessionId;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default) or jsonl: one event per line, exactly as in the log.")
  Format format;

  @Option(names = "--since", paramLabel = "TIME", converter = TimeArg.class,
      description = "A time at or before the session began, for sessions whose start is otherwise unknown.")
  Instant since;

  @Option(names = "--no-views", description = "Do not ask Redis where the session starts.")
  boolean noViews;

  @Mixin
  Connection connection = new Connection();

  @Mixin
  Views views = new Views();

  private PrintStream out = System.out;
  private PrintStream err = System.err;

  /** For tests: where the conversation and the notes go. */
  public HistoryCommand printTo(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
    return this;
  }

  @Override
  public Integer call() {
    if (sessionId.isBlank() || sessionId.length() > 200) {
      throw new ParameterException(spec.commandLine(),
          "SESSION_ID must be 1-200 characters");
    }
    try (LogReader log = new LogReader(connection.kafka(), "relay-history");
         Interruption interruption = new Interruption(log::wakeup)) {
      try {
        return history(log, interruption);
      } catch (RuntimeException e) {
        err.println("history: " + (interruption.interrupted() ? "interrupted" : e.getMessage()));
        return interruption.interrupted() ? 130 : 1;
      }
    } catch (RuntimeException e) {
      err.println("history: " + e.getMessage());
      return 1;
    }
  }

  private int history(LogReader log, Interruption interruption) {
    long started = System.nanoTime();
    SessionLog sessions = new SessionLog(log);
    ViewHint hint = noViews ? new ViewHint(Map.of(), null) : view();
    SessionStart start = sessions.locate(sessionId, hint.session(), hint.projected(), since);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    SessionLog.Replay replay = sessions.replay(sessionId, start, records::add, interruption::interrupted);
    if (interruption.interrupted()) {
      err.println("history: interrupted");
      return 130;
    }
    print(records);
    double seconds = (System.nanoTime() - started) / 1e9;
    err.printf(Locale.ROOT, "history: %d events of session %s from %s-%d, offsets %d..%d%s (start found by %s), "
            + "%d records read in %.3f s%n", replay.events(), sessionId, log.topic(), start.partition(),
        start.offset(), replay.endOffset(), start.skips() ? " without " + start.skipFrom() + ".." + start.skipTo()
            + " (already projected, nothing of this session)" : "", start.foundBy(), replay.scanned(), seconds);
    if (replay.events() == 0) {
      err.println("history: no events for session " + sessionId + (start.foundBy().equals("partition start")
          ? "" : "; if it began before the start used, give --since"));
      return 1;
    }
    return 0;
  }

  /** The session's view and the projector's position on its partition, as far as Redis knows them. */
  record ViewHint(Map<String, String> session, Long projected) {}

  private ViewHint view() {
    try (UnifiedJedis redis = RedisEndpoint.parse(views.redisUrl()).open("relay-history")) {
      ViewKeys live = new ViewPointer(views.home()).resolve(redis);
      Map<String, String> session = redis.hgetAll(live.session(sessionId));
      String partition = session.get(SessionFields.PARTITION);
      String position = partition == null ? null : redis.hget(live.positions(), partition);
      return new ViewHint(session, position == null ? null : Long.valueOf(position));
    } catch (RuntimeException e) {
      err.println("history: views unavailable (" + e.getMessage() + "); locating the session without them");
      return new ViewHint(Map.of(), null);
    }
  }

  private void print(List<ConsumerRecord<String, byte[]>> records) {
    boolean deleted = records.stream().anyMatch(r -> isDeletion(r.value()));
    if (deleted) {
      err.println("history: session " + sessionId + " was deleted; what people wrote is not shown");
    }
    for (ConsumerRecord<String, byte[]> record : records) {
      ChatEvent event = read(record.value());
      if (format == Format.jsonl) {
        if (event != null) {
          out.println(deleted ? new String(ChatEventSerde.toBytes(Redaction.redact(event)), StandardCharsets.UTF_8)
              : new String(record.value(), StandardCharsets.UTF_8));
        }
      } else if (event == null) {
        out.println(EventText.unreadable(record.offset(), record.value() == null ? 0 : record.value().length));
      } else {
        out.println(EventText.of(record.offset(), deleted ? Redaction.redact(event) : event));
      }
    }
    out.flush();
  }

  private static boolean isDeletion(byte[] value) {
    return read(value) instanceof SessionDeleted;
  }

  private static ChatEvent read(byte[] value) {
    try {
      return ChatEventSerde.fromBytes(value);
    } catch (SerializationException e) {
      return null;
    }
  }
}
