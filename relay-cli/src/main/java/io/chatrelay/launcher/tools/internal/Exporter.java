package io.chatrelay.launcher.tools.internal;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentReplyChunk;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.AnswerFeedback;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.UserMessage;
import io.chatrelay.views.redis.LogReader;
import io.chatrelay.views.redis.SessionLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Writes the events that occurred in {@code [from, to)} from every partition of the log. Each partition is read from
 * the offset {@code offsetsForTimes} gives for {@code from} (less a slack, since record timestamps and
 * {@code occurredAt} differ by milliseconds) to the one for {@code to} (plus the slack); events are then kept by their
 * {@code occurredAt}. Sessions deleted by their users, up to now, are exported redacted ({@link Redaction}).
 */
public final class Exporter {

  /** What an export did. */
  public record Summary(long exported, long sessions, long read, long redacted) {}

  private final LogReader log;
  private final ExportFormat format;
  private final Writer out;
  private final Map<String, AgentType> agentTypes = new HashMap<>();
  private final Set<String> sessions = new HashSet<>();
  private long exported;
  private long read;
  private long redacted;

  public Exporter(LogReader log, ExportFormat format, Writer out) {
    this.log = log;
    this.format = format;
    this.out = out;
  }

  /**
   * @param agentType only events of sessions with this persona, or null for all
   * @param includeDeleted export deleted sessions as they are in the log, unredacted
   * @return null when stopped
   */
  public Summary run(Instant from, Instant to, AgentType agentType, boolean includeDeleted, Progress progress,
      BooleanSupplier stop) throws IOException {
    List<TopicPartition> partitions = log.partitions();
    Map<TopicPartition, Long> start = log.offsetsAt(partitions, from.minus(SessionLog.SLACK));
    Map<TopicPartition, Long> now = log.endOffsets(partitions);
    Map<TopicPartition, Long> end = log.offsetsAt(partitions, to.plus(SessionLog.SLACK));
    Set<String> deleted = includeDeleted ? Set.of() : deletedSince(start, now, stop);
    if (deleted == null) {
      return null;
    }
    long total = 0;
    for (TopicPartition tp : partitions) {
      total += Math.max(0, end.get(tp) - start.get(tp));
    }
    long all = total;
    if (format.header() != null) {
      out.write(format.header());
      out.write('\n');
    }
    boolean complete = log.read(start, end, record -> {
      read++;
      write(record, from, to, agentType, deleted);
      progress.update(read, all);
      return true;
    }, stop);
    out.flush();
    return complete ? new Summary(exported, sessions.size(), read, redacted) : null;
  }

  /** The sessions whose deletion is in the log from {@code start} on; only headers are looked at. */
  private Set<String> deletedSince(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end,
      BooleanSupplier stop) {
    Set<String> deleted = new HashSet<>();
    boolean complete = log.read(start, end, record -> {
      if (SessionDeleted.TYPE.equals(ChatEventSerde.typeOf(record.headers()))) {
        deleted.add(record.key());
      }
      return true;
    }, stop);
    return complete ? deleted : null;
  }

  private void write(ConsumerRecord<String, byte[]> record, Instant from, Instant to, AgentType wanted,
      Set<String> deleted) {
    ChatEvent event;
    try {
      event = ChatEventSerde.fromBytes(record.value());
    } catch (SerializationException e) {
      return;
    }
    AgentType type = agentTypeOf(event);
    if (event.occurredAt().isBefore(from) || !event.occurredAt().isBefore(to) || wanted != null && wanted != type) {
      return;
    }
    boolean redact = deleted.contains(event.sessionId());
    String json = redact ? new String(ChatEventSerde.toBytes(Redaction.redact(event)), StandardCharsets.UTF_8)
        : new String(record.value(), StandardCharsets.UTF_8);
    try {
      out.write(format.line(record.partition(), record.offset(), type, redact ? Redaction.redact(event) : event,
          json));
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the export", e);
    }
    exported++;
    redacted += redact ? 1 : 0;
    sessions.add(event.sessionId());
  }

  /** The persona of the event's session: most events carry it; a deletion relies on what was seen before. */
  private AgentType agentTypeOf(ChatEvent event) {
    AgentType carried = null;
    if (event instanceof SessionCreated c) {
      carried = c.metadata().agentType();
    } else if (event instanceof UserMessage m) {
      carried = m.agentType();
    } else if (event instanceof AgentReply r && r.metadata() != null) {
      carried = r.metadata().agentType();
    } else if (event instanceof AgentError e) {
      carried = e.agentType();
    } else if (event instanceof AgentStatus s) {
      carried = s.agentType();
    } else if (event instanceof AgentReplyChunk c) {
      carried = c.agentType();
    } else if (event instanceof AnswerFeedback f) {
      carried = f.agentType();
    }
    if (carried != null) {
      agentTypes.put(event.sessionId(), carried);
      return carried;
    }
    return agentTypes.get(event.sessionId());
  }
}
