package io.chatrelay.connector.internal;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentReplyChunk;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.AnswerFeedback;
import io.chatrelay.events.CancelRequested;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.UserMessage;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what each record of the log means for the connector, on the poll thread. Only {@link UserMessage}s go to
 * the agent; the connector's own events and everything else are finished at once, so the connector never answers
 * itself. An unreadable record is logged with its position and skipped: it can never become readable, and waiting
 * on it would stop the whole partition.
 */
public final class RecordRouter {

  private static final Logger LOG = LoggerFactory.getLogger(RecordRouter.class);

  private final OffsetTracker tracker;
  private final SessionDirectory directory;
  private final AnsweredIndex answered;
  private final Sessions sessions;
  private final Clock clock;

  public RecordRouter(OffsetTracker tracker, SessionDirectory directory, AnsweredIndex answered,
      Sessions sessions, Clock clock) {
    this.tracker = tracker;
    this.directory = directory;
    this.answered = answered;
    this.sessions = sessions;
    this.clock = clock;
  }

  public void route(ConsumerRecord<String, byte[]> record) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    OffsetTracker.Ticket ticket = tracker.track(tp, record.offset());
    if (ignored(ChatEventSerde.typeOf(record.headers()))) {
      ticket.finish(); // the connector's own events, half of the log: not worth parsing
      return;
    }
    ChatEvent event;
    try {
      event = ChatEventSerde.fromBytes(record.value());
    } catch (SerializationException e) {
      LOG.warn("skipping unreadable record {}: {}", ticket, e.getMessage());
      ticket.finish();
      return;
    }
    if (event instanceof UserMessage message) {
      userMessage(message, tp, ticket);
      return;
    }
    if (event instanceof CancelRequested cancel) {
      // The message's own ticket keeps the commit below it until its answer ends, so a restart still sees this.
      sessions.cancel(cancel.sessionId(), cancel.inReplyTo());
    } else if (event instanceof SessionCreated created) {
      directory.created(created.sessionId(), created.metadata().agentType());
    } else if (event instanceof SessionDeleted deleted) {
      directory.deleted(deleted.sessionId());
      sessions.delete(deleted.sessionId());
    }
    ticket.finish();
  }

  /** Types this router does nothing with; a record without the header is parsed and decided by its content. */
  private static boolean ignored(String type) {
    return AgentReply.TYPE.equals(type) || AgentError.TYPE.equals(type) || AgentStatus.TYPE.equals(type)
        || AgentReplyChunk.TYPE.equals(type) || AnswerFeedback.TYPE.equals(type);
  }

  private void userMessage(UserMessage message, TopicPartition tp, OffsetTracker.Ticket ticket) {
    if (directory.isDeleted(message.sessionId())) {
      LOG.debug("sessionId={} is deleted; message at {} not forwarded", message.sessionId(), ticket);
      ticket.finish();
    } else if (answered.answered(tp, ticket.offset(), message.eventId())) {
      LOG.debug("sessionId={} message at {} already answered in the log; not forwarded", message.sessionId(),
          ticket);
      ticket.finish();
    } else {
      sessions.submit(new PendingMessage(message, directory.agentTypeFor(message), ticket, clock.instant())
          .withPrior(answered.prior(tp, ticket.offset(), message.eventId())));
    }
  }
}
