package io.chatrelay.views.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.events.AgentError;
import io.chatrelay.events.AgentMetadata;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.AgentReplyChunk;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.SessionMetadata;
import io.chatrelay.events.UserMessage;
import io.chatrelay.views.MessageView;
import io.chatrelay.views.AnswerFields;
import io.chatrelay.views.SessionFields;
import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.LoggedEvent;
import io.chatrelay.views.redis.Outcome;
import io.chatrelay.views.redis.ViewPointer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

class ScriptCallTest {

  private static final ViewKeys KEYS = new ViewKeys("t:");
  private static final Instant AT = Instant.parse("2025-03-01T10:15:30.123Z");

  @Test
  void shouldPassTheSessionsOwnKeysAllInOneSlotAndItsAgentTypeForCreatedSession() {
    ScriptCall call = ScriptCall.of(LoggedEvent.of(SessionCreated.of("s1", "u1", AT,
        new SessionMetadata(AgentType.BankRep, null, null)), 2, 41), KEYS);

    assertThat(call.keys()).containsExactly("t:session:{s1}", "t:messages:{s1}", "t:replied:{s1}",
        "t:answer:{s1}");
    assertThat(call.keys()).extracting(JedisClusterCRC16::getSlot).containsOnly(JedisClusterCRC16.getSlot("s1"));
    assertThat(call.args()).containsExactly("created", "2", "41", "s1", "u1", "2025-03-01T10:15:30.123Z",
        "BankRep", "", "", "", "", "");
    assertThat(call.occurredAtMillis()).isEqualTo(AT.toEpochMilli());
    assertThat(call.sessionId()).isEqualTo("s1");
    assertThat(call.userId()).isEqualTo("u1");
  }

  @Test
  void shouldPutTheKeysThatDescribeAllTheViewsInOneSlotWhateverThePrefix() {
    ViewPointer pointer = new ViewPointer(new ViewKeys("home:"));

    assertThat(List.of(pointer.key(), new ViewKeys("home:").positions(), KEYS.positions(),
        new ViewKeys("relay-20260101-101010:").positions()))
        .extracting(JedisClusterCRC16::getSlot).containsOnly(JedisClusterCRC16.getSlot("views"));
  }

  @Test
  void shouldPassMessageViewJsonForUserMessage() {
    UserMessage message = UserMessage.of("s1", "u1", AT, "c-1", "hello", Map.of());

    ScriptCall call = ScriptCall.of(LoggedEvent.of(message, 0, 7), KEYS);

    assertThat(call.op()).isEqualTo(ScriptCall.OP_MESSAGE);
    MessageView view = MessageView.fromJson(call.args().get(6));
    assertThat(view).isEqualTo(new MessageView(message.eventId().toString(), "s1", "hello", "user", AT, "sent", 7,
        Map.of()));
    assertThat(call.inReplyTo()).isEmpty();
  }

  @Test
  void shouldNotTreatClientMetadataNamedInReplyToAsAnAnswer() {
    UserMessage message = UserMessage.of("s1", "u1", AT, null, "hi", Map.of("inReplyTo", "abc"));

    assertThat(ScriptCall.of(LoggedEvent.of(message, 0, 3), KEYS).inReplyTo()).isEmpty();
  }

  @Test
  void shouldKeyReplyAndErrorByTheUserMessageTheyAnswer() {
    UUID question = UUID.randomUUID();
    AgentReply reply = new AgentReply(UUID.randomUUID(), 1, "s1", "u1", AT, question, "a-1", "answer",
        new AgentMetadata(AgentType.TradeBodyRep, 0.9, 120L));
    AgentError error = new AgentError(UUID.randomUUID(), 1, "s1", "u1", AT, question, "agent_timeout", "sorry",
        AgentType.TradeBodyRep);
    AgentError sessionWide = new AgentError(UUID.randomUUID(), 1, "s1", "u1", AT, null, "agent_error", "down",
        null);

    assertThat(ScriptCall.of(LoggedEvent.of(reply, 0, 8), KEYS).inReplyTo()).isEqualTo(question.toString());
    assertThat(ScriptCall.of(LoggedEvent.of(error, 0, 9), KEYS).inReplyTo()).isEqualTo(question.toString());
    assertThat(ScriptCall.of(LoggedEvent.of(sessionWide, 0, 10), KEYS).inReplyTo()).isEmpty();
    assertThat(ScriptCall.of(LoggedEvent.of(reply, 0, 8), KEYS).op()).isEqualTo(ScriptCall.OP_MESSAGE);
  }

  @Test
  void shouldWriteIdenticalJsonForSameEventWhateverTheMetadataOrder() {
    Map<String, Object> forward = new LinkedHashMap<>();
    forward.put("b", 1);
    forward.put("a", Map.of("z", 1, "y", 2));
    Map<String, Object> backward = new LinkedHashMap<>();
    backward.put("a", Map.of("y", 2, "z", 1));
    backward.put("b", 1);
    UUID id = UUID.randomUUID();
    ChatEvent one = new UserMessage(id, 1, "s1", "u1", AT, null, "x", forward);
    ChatEvent two = new UserMessage(id, 1, "s1", "u1", AT, null, "x", backward);

    assertThat(ScriptCall.of(LoggedEvent.of(one, 0, 5), KEYS).args().get(6))
        .isEqualTo(ScriptCall.of(LoggedEvent.of(two, 0, 5), KEYS).args().get(6))
        .contains("\"metadata\":{\"a\":{\"y\":2,\"z\":1},\"b\":1}");
  }

  @Test
  void shouldMapStatusAndDeletionToTheirOwnOps() {
    ChatEvent status = new AgentStatus(UUID.randomUUID(), 1, "s1", "u1", AT, "thinking", null, null);
    ChatEvent deleted = SessionDeleted.of("s1", "u1", AT);

    assertThat(ScriptCall.of(LoggedEvent.of(status, 1, 4), KEYS).op()).isEqualTo(ScriptCall.OP_STATUS);
    assertThat(ScriptCall.of(LoggedEvent.of(deleted, 1, 5), KEYS).op()).isEqualTo(ScriptCall.OP_DELETED);
  }

  @Test
  void shouldPassWhenTheSessionsKeysExpire() {
    ChatEvent created = SessionCreated.of("s1", "u1", AT, new SessionMetadata(AgentType.BankRep, null, null));

    assertThat(ScriptCall.of(LoggedEvent.of(created, 0, 1), KEYS, OptionalLong.of(1_800_000_000_123L)).args())
        .hasSize(12).last().isEqualTo("1800000000123");
    assertThat(Scripts.APPLY_EVENT).contains("'PEXPIREAT', KEYS[i], expireAt");
  }

  @Test
  void shouldRefuseAnUnreadableRecordWhichHasNoSessionToWrite() {
    assertThatThrownBy(() -> ScriptCall.of(LoggedEvent.unreadable(4, 99), KEYS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chat-messages-4@99");
  }

  @Test
  void shouldPassAChunksTextIndexIdAndPersonaWithTheAnswerKey() {
    UUID question = UUID.randomUUID();
    AgentReplyChunk chunk = new AgentReplyChunk(UUID.randomUUID(), 1, "s1", "u1", AT, question, 4, "more ",
        AgentType.TradeBodyRep);

    ScriptCall call = ScriptCall.of(LoggedEvent.of(chunk, 1, 77), KEYS);

    assertThat(call.op()).isEqualTo(ScriptCall.OP_CHUNK);
    assertThat(call.keys().get(3)).isEqualTo("t:answer:{s1}");
    assertThat(call.args().get(6)).isEqualTo("more ");
    assertThat(call.inReplyTo()).isEqualTo(question.toString());
    assertThat(call.args().subList(8, 11)).containsExactly("4", chunk.eventId().toString(), "TradeBodyRep");
  }

  @Test
  void shouldKeepScriptInStepWithSessionFieldsAndOutcomes() {
    for (String field : new String[] {SessionFields.ID, SessionFields.USER_ID, SessionFields.CREATED_AT,
        SessionFields.UPDATED_AT, SessionFields.STATUS, SessionFields.AGENT_TYPE, SessionFields.MESSAGE_COUNT,
        SessionFields.LAST_ACTIVITY, SessionFields.LAST_SEQ, SessionFields.PARTITION, SessionFields.FIRST_SEQ,
        SessionFields.STATUS_ACTIVE, SessionFields.STATUS_DELETED}) {
      assertThat(Scripts.APPLY_EVENT).as("script names field %s", field).contains("'" + field + "'");
    }
    for (String field : new String[] {AnswerFields.IN_REPLY_TO, AnswerFields.ID, AnswerFields.AGENT_TYPE,
        AnswerFields.STARTED_AT, AnswerFields.NEXT, AnswerFields.TEXT_PREFIX, AnswerFields.SEQ_PREFIX}) {
      assertThat(Scripts.APPLY_EVENT).as("script names answer field %s", field).contains("'" + field + "'");
    }
    assertThat(Scripts.ADVANCE_POSITIONS).contains("return 'moved'").contains("return 'ok'");
    for (Outcome outcome : Outcome.values()) {
      if (outcome != Outcome.FAILED && outcome != Outcome.UNREADABLE && outcome != Outcome.EXPIRED) {
        assertThat(Scripts.APPLY_EVENT).as("script returns %s", outcome).contains("{'" + outcome.code() + "'");
      }
    }
  }
}
