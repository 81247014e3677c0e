package io.chatrelay.analytics.internal;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.AnswerFeedback;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.UserMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the conversation log into {@link Signal}s keyed by agent type. It remembers, per session, the persona (from
 * {@link SessionCreated}; older user messages do not carry it) and the user messages still waiting for an answer, so
 * a reply's latency can be measured and only the first answer to a message counts. Both stores are keyed by
 * session, the key of {@code chat-messages}, so they live with the session's partition. Pieces of an answer being
 * written ({@code AgentReplyChunk}) and requests to stop one ({@code CancelRequested}) count for nothing: the
 * {@link AgentReply} that ends the answer says how it streamed and whether it was stopped.
 */
public final class SignalProcessor implements Processor<String, byte[], String, Signal> {

  public static final String AGENTS_STORE = "session-agents";
  public static final String PENDING_STORE = "pending-replies";
  /** A user message unanswered for this long (stream time) is forgotten: its answer would count as an outage. */
  static final Duration PENDING_TTL = Duration.ofHours(1);
  /**
   * The event types {@link #process} acts on. A record whose {@code event-type} header names another (agent
   * status frames and answer chunks: shown live, never counted; stop requests) is skipped without parsing its
   * JSON; one without the header is parsed as always.
   */
  static final Set<String> TYPES_READ = Set.of(SessionCreated.TYPE, UserMessage.TYPE, AgentReply.TYPE,
      AgentError.TYPE, AnswerFeedback.TYPE, SessionDeleted.TYPE);

  /**
   * How far an event's own time may run ahead of its record's time. The edge and the connector stamp both from one
   * clock, so they agree within milliseconds; an event far ahead came from elsewhere, and its signal, stamped with
   * that time, would be refused by the broker (which takes records at most an hour ahead of its clock by default),
   * failing the job on that record again after every restart.
   */
  static final Duration MAX_AHEAD = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(SignalProcessor.class);

  private ProcessorContext<String, Signal> context;
  private KeyValueStore<String, String> agents;
  private KeyValueStore<String, Long> pending;

  @Override
  public void init(ProcessorContext<String, Signal> context) {
    this.context = context;
    this.agents = context.getStateStore(AGENTS_STORE);
    this.pending = context.getStateStore(PENDING_STORE);
    context.schedule(Duration.ofMinutes(5), PunctuationType.STREAM_TIME, this::forgetUnanswered);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (!isRead(record.headers())) {
      return;
    }
    ChatEvent event;
    try {
      event = ChatEventSerde.fromBytes(record.value());
    } catch (SerializationException e) {
      LOG.debug("skipping a record that is not a chat event ({})", where());
      return;
    }
    long ahead = event.occurredAt().toEpochMilli() - record.timestamp();
    if (ahead > MAX_AHEAD.toMillis()) {
      LOG.warn("not counting sessionId={} at {}: its time {} is {} ms ahead of its record's", event.sessionId(),
          where(), event.occurredAt(), ahead);
      return;
    }
    count(event);
  }

  private void count(ChatEvent event) {
    String session = event.sessionId();
    if (event instanceof SessionCreated created) {
      agents.put(session, created.metadata().agentType().name());
    } else if (event instanceof UserMessage message) {
      String agentType = agentTypeOf(session, message.agentType());
      if (agentType == null) {
        LOG.debug("user message of unknown sessionId={} at {} not counted", session, where());
        return;
      }
      pending.put(pendingKey(session, message.eventId()), message.occurredAt().toEpochMilli());
      emit(agentType, Signal.userMessage(), event);
    } else if (event instanceof AgentReply reply) {
      countReply(reply);
    } else if (event instanceof AgentError error) {
      boolean answersPending = error.inReplyTo() == null
          || pending.delete(pendingKey(session, error.inReplyTo())) != null;
      String agentType = agentTypeOf(session, error.agentType());
      if (answersPending && agentType != null) {
        emit(agentType, Signal.error(), event);
      }
    } else if (event instanceof AnswerFeedback feedback) {
      countFeedback(feedback);
    } else if (event instanceof SessionDeleted) {
      forget(session);
    }
  }

  /** A cancelled or interrupted reply is a reply too: it ended the answer, and the user saw what it holds. */
  private void countReply(AgentReply reply) {
    Long asked = pending.delete(pendingKey(reply.sessionId(), reply.inReplyTo()));
    AgentType fallback = reply.metadata() == null ? null : reply.metadata().agentType();
    String agentType = agentTypeOf(reply.sessionId(), fallback);
    // No pending question: a second answer to the same message, which users never see.
    if (asked != null && agentType != null) {
      emit(agentType, Signal.reply(reply.occurredAt().toEpochMilli() - asked, reply), reply);
    }
  }

  /** Every rating counts, as every user message does: the edge stores a resent one once. */
  private void countFeedback(AnswerFeedback feedback) {
    String agentType = agentTypeOf(feedback.sessionId(), feedback.agentType());
    if (agentType == null) {
      LOG.debug("rating in unknown sessionId={} at {} not counted", feedback.sessionId(), where());
      return;
    }
    emit(agentType, Signal.feedback(AnswerFeedback.UP.equals(feedback.rating())), feedback);
  }

  static boolean isRead(Headers headers) {
    String type = ChatEventSerde.typeOf(headers);
    return type == null || TYPES_READ.contains(type);
  }

  private String agentTypeOf(String session, AgentType fallback) {
    String known = agents.get(session);
    return known != null ? known : fallback == null ? null : fallback.name();
  }

  private void emit(String agentType, Signal signal, ChatEvent event) {
    context.forward(new Record<>(agentType, signal, event.occurredAt().toEpochMilli()));
  }

  static String pendingKey(String session, UUID messageId) {
    return session + "/" + messageId;
  }

  private void forget(String session) {
    agents.delete(session);
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = pending.prefixScan(session + "/",
        Serdes.String().serializer())) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    keys.forEach(pending::delete);
  }

  private void forgetUnanswered(long streamTime) {
    long cutoff = streamTime - PENDING_TTL.toMillis();
    List<String> stale = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = pending.all()) {
      while (it.hasNext()) {
        KeyValue<String, Long> kv = it.next();
        if (kv.value < cutoff) {
          stale.add(kv.key);
        }
      }
    }
    stale.forEach(pending::delete);
    if (!stale.isEmpty()) {
      LOG.info("forgot {} user messages unanswered for more than {}", stale.size(), PENDING_TTL);
    }
  }

  private String where() {
    return context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("-");
  }
}
