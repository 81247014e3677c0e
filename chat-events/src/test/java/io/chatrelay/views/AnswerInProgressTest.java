package io.chatrelay.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnswerInProgressTest {

  /** Three chunks at seqs 40, 42 and 45: "Grüß ", "dich, " and "Welt". */
  private static Map<String, String> hash() {
    Map<String, String> hash = new HashMap<>();
    hash.put(AnswerFields.IN_REPLY_TO, "q-1");
    hash.put(AnswerFields.ID, "chunk-0");
    hash.put(AnswerFields.AGENT_TYPE, "BankRep");
    hash.put(AnswerFields.STARTED_AT, "2026-01-15T10:15:30Z");
    hash.put(AnswerFields.NEXT, "3");
    hash.put("t:0", "Grüß ");
    hash.put("s:0", "40");
    hash.put("t:1", "dich, ");
    hash.put("s:1", "42");
    hash.put("t:2", "Welt");
    hash.put("s:2", "45");
    return hash;
  }

  @Test
  void shouldGiveTheTextAfterAClientsLastSeqWithoutGapOrRepeat() {
    AnswerInProgress answer = AnswerInProgress.fromHash(hash()).orElseThrow();
    assertThat(answer.textAfter(-1)).isEqualTo("Grüß dich, Welt");
    assertThat(answer.textAfter(39)).isEqualTo("Grüß dich, Welt");
    assertThat(answer.textAfter(40)).isEqualTo("dich, Welt");
    assertThat(answer.textAfter(41)).isEqualTo("dich, Welt");
    assertThat(answer.textAfter(42)).isEqualTo("Welt");
    assertThat(answer.textAfter(45)).isEmpty();
    assertThat(answer.textAfter(99)).isEmpty();
  }

  @Test
  void shouldCutTheTextAtWhatAReaderHasNotSeenYet() {
    AnswerInProgress answer = AnswerInProgress.fromHash(hash()).orElseThrow();
    assertThat(answer.textBetween(40, 45)).isEqualTo("dich, ");
    assertThat(answer.textBetween(-1, 43)).isEqualTo("Grüß dich, ");
    assertThat(answer.textBetween(42, 43)).isEmpty();
    assertThat(answer.lastSeqBefore(45)).isEqualTo(42);
    assertThat(answer.lastSeqBefore(46)).isEqualTo(45);
    assertThat(answer.lastSeqBefore(40)).isEqualTo(-1);
  }

  @Test
  void shouldShowInTheHistoryAsTheAssistantsMessageStillStreaming() {
    MessageView view = AnswerInProgress.fromHash(hash()).orElseThrow().asMessage("s-1");
    assertThat(view.status()).isEqualTo("streaming");
    assertThat(view.role()).isEqualTo(MessageView.ROLE_ASSISTANT);
    assertThat(view.seq()).isEqualTo(45);
    assertThat(view.content()).isEqualTo("Grüß dich, Welt");
    assertThat(view.metadata()).containsEntry("inReplyTo", "q-1").containsEntry("agentType", "BankRep");
  }

  @Test
  void shouldBeAbsentWhenNothingIsStreaming() {
    assertThat(AnswerInProgress.fromHash(Map.of())).isEmpty();
    assertThat(AnswerInProgress.fromHash(null)).isEmpty();
  }
}
