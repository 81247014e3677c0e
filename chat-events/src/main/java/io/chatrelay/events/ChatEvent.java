package io.chatrelay.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.UUID;

/**
 * One entry of the conversation log, the topic {@code chat-messages}.
 *
 * <p>Every event is a JSON object with these fields, whatever its type:
 * <ul>
 *   <li>{@code type}: the event type, one of the names in {@link JsonSubTypes} below;</li>
 *   <li>{@code eventId}: a UUID, unique per event;</li>
 *   <li>{@code schemaVersion}: the version of this event's JSON shape, currently {@value #SCHEMA_VERSION};
 *       readers must ignore fields they do not know;</li>
 *   <li>{@code sessionId}: the chat session (also the record key, so one partition orders a conversation);</li>
 *   <li>{@code userId}: the user the session belongs to;</li>
 *   <li>{@code occurredAt}: when the edge or connector accepted it, ISO-8601 UTC.</li>
 * </ul>
 * Records also carry the headers {@code event-type} and {@code schema-version}, so tools can filter without
 * parsing the value.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SessionCreated.class, name = SessionCreated.TYPE),
    @JsonSubTypes.Type(value = UserMessage.class, name = UserMessage.TYPE),
    @JsonSubTypes.Type(value = SessionDeleted.class, name = SessionDeleted.TYPE),
    @JsonSubTypes.Type(value = AgentReply.class, name = AgentReply.TYPE),
    @JsonSubTypes.Type(value = AgentError.class, name = AgentError.TYPE),
    @JsonSubTypes.Type(value = AgentStatus.class, name = AgentStatus.TYPE),
    @JsonSubTypes.Type(value = AgentReplyChunk.class, name = AgentReplyChunk.TYPE),
    @JsonSubTypes.Type(value = CancelRequested.class, name = CancelRequested.TYPE),
    @JsonSubTypes.Type(value = AnswerFeedback.class, name = AnswerFeedback.TYPE),
})
public sealed interface ChatEvent
    permits SessionCreated, UserMessage, SessionDeleted, AgentReply, AgentError, AgentStatus, AgentReplyChunk,
        CancelRequested, AnswerFeedback {

  int SCHEMA_VERSION = 1;

  UUID eventId();

  int schemaVersion();

  String sessionId();

  String userId();

  Instant occurredAt();

  /** The {@code type} discriminator as written to JSON and to the {@code event-type} header. */
  @JsonIgnore
  String type();
}
