package io.chatrelay.views.redis.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentReplyChunk;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.json.Json;
import io.chatrelay.views.MessageView;
import io.chatrelay.views.MessageViews;
import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.LoggedEvent;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The keys and arguments of one call of {@code apply-event.lua}, in the order the script reads them.
 *
 * @param keys session, messages, replied, answer: all of one session, so of one Redis Cluster slot
 * @param args op, partition, offset, sessionId, userId, occurredAt, payload, inReplyTo, for a chunk its index,
 *     event id and agentType, and when the session's keys expire (epoch ms, '' for never)
 * @param occurredAtMillis when the event happened, the score of the session in its user's index
 */
public record ScriptCall(List<String> keys, List<String> args, long occurredAtMillis) {

  public static final String OP_CREATED = "created";
  public static final String OP_MESSAGE = "message";
  public static final String OP_CHUNK = "chunk";
  public static final String OP_STATUS = "status";
  public static final String OP_DELETED = "deleted";

  /*
   * The message JSON is a sorted-set member, so the same event must always give the same bytes: a rebuild into a
   * fresh prefix has to equal the live views. Map order is not stable across JVMs, hence sorted map keys.
   */
  private static final ObjectWriter MESSAGE_WRITER =
      Json.mapper().writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** The call that applies a readable event under {@code keys}, keeping its session until it is deleted. */
  public static ScriptCall of(LoggedEvent logged, ViewKeys keys) {
    return of(logged, keys, OptionalLong.empty());
  }

  /** @param expireAt when the session's keys leave Redis (epoch ms), or empty to keep them */
  public static ScriptCall of(LoggedEvent logged, ViewKeys keys, OptionalLong expireAt) {
    ChatEvent event = logged.event();
    if (event == null) {
      throw new IllegalArgumentException("an unreadable record has nothing to apply: " + logged.where());
    }
    String sessionId = event.sessionId();
    List<String> keyList = List.of(keys.session(sessionId), keys.messages(sessionId), keys.replied(sessionId),
        keys.answer(sessionId));
    Optional<MessageView> view = MessageViews.of(event, logged.offset());
    String op;
    String payload = "";
    String chunkIndex = "";
    String chunkId = "";
    String chunkAgent = "";
    if (event instanceof SessionCreated created) {
      op = OP_CREATED;
      payload = created.metadata().agentType().name();
    } else if (event instanceof SessionDeleted) {
      op = OP_DELETED;
    } else if (event instanceof AgentReplyChunk chunk) {
      op = OP_CHUNK;
      payload = chunk.content();
      chunkIndex = Integer.toString(chunk.index());
      chunkId = chunk.eventId().toString();
      chunkAgent = chunk.agentType() == null ? "" : chunk.agentType().name();
    } else if (view.isPresent()) {
      op = OP_MESSAGE;
      payload = messageJson(view.get());
    } else {
      // AgentStatus, and any later event type that is not history: it only moves the session's lastSeq.
      op = OP_STATUS;
    }
    return new ScriptCall(keyList, List.of(op, Integer.toString(logged.partition()), Long.toString(logged.offset()),
        sessionId, event.userId(), event.occurredAt().toString(), payload, inReplyTo(event), chunkIndex, chunkId,
        chunkAgent, expireAt.isPresent() ? Long.toString(expireAt.getAsLong()) : ""),
        event.occurredAt().toEpochMilli());
  }

  /** The user message an answer belongs to; one visible answer per user message. Empty when none. */
  static String inReplyTo(ChatEvent event) {
    UUID id = null;
    if (event instanceof AgentReply reply) {
      id = reply.inReplyTo();
    } else if (event instanceof AgentError error) {
      id = error.inReplyTo();
    } else if (event instanceof AgentReplyChunk chunk) {
      id = chunk.inReplyTo();
    }
    return id == null ? "" : id.toString();
  }

  /** The sorted-set member for a message: its {@link MessageView} JSON with map keys in sorted order. */
  public static String messageJson(MessageView view) {
    try {
      return MESSAGE_WRITER.writeValueAsString(view);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String op() {
    return args.get(0);
  }

  public String sessionId() {
    return args.get(3);
  }

  public String userId() {
    return args.get(4);
  }

  public String inReplyTo() {
    return args.get(7);
  }
}
