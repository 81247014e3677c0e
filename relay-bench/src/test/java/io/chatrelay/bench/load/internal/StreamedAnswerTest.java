package io.chatrelay.bench.load.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.bench.load.internal.StreamedAnswer.Delta;
import io.chatrelay.bench.load.internal.StreamedAnswer.Outcome;
import org.junit.jupiter.api.Test;

class StreamedAnswerTest {

  @Test
  void shouldBeCompleteWhenTheDeltasJoinedAreTheFinalContent() {
    StreamedAnswer answer = new StreamedAnswer(true);

    assertThat(answer.delta(5, "Bank ")).isEqualTo(Delta.FIRST);
    assertThat(answer.delta(6, "representative: ")).isEqualTo(Delta.NEXT);
    assertThat(answer.delta(9, "fees apply.")).isEqualTo(Delta.NEXT);

    assertThat(answer.finish("Bank representative: fees apply.")).isEqualTo(Outcome.COMPLETE);
    assertThat(answer.deltas()).isEqualTo(3);
    assertThat(answer.deltaChars()).isEqualTo(32);
  }

  @Test
  void shouldAcceptAFinalFrameThatBringsTheRestOfTheText() {
    StreamedAnswer answer = new StreamedAnswer(true);
    answer.delta(5, "Bank ");
    answer.delta(6, "representative: ");

    assertThat(answer.finish("Bank representative: fees apply.")).isEqualTo(Outcome.PREFIX);
    assertThat(Outcome.PREFIX.matches()).isTrue();
    assertThat(answer.deltaChars()).isEqualTo(21);
  }

  @Test
  void shouldCallItAMismatchWhenTextIsMissingOrDifferent() {
    StreamedAnswer gap = new StreamedAnswer(true);
    gap.delta(1, "Bank ");
    gap.delta(3, "apply.");
    StreamedAnswer none = new StreamedAnswer(true);

    assertThat(gap.finish("Bank fees apply.")).isEqualTo(Outcome.MISMATCH);
    assertThat(gap.difference()).isEqualTo("deltas give 11 chars, the answer has 16; first difference at 5: deltas "
        + "\"apply.\", answer \"fees apply.\"");
    assertThat(none.finish("Bank fees apply.")).as("a streamed answer without any delta").isEqualTo(Outcome.MISMATCH);
  }

  @Test
  void shouldSkipARepeatedDeltaAsTheDuplicateItIs() {
    StreamedAnswer answer = new StreamedAnswer(true);
    answer.delta(1, "Bank ");

    assertThat(answer.delta(1, "Bank ")).isEqualTo(Delta.DUPLICATE);
    assertThat(answer.delta(2, "fees.")).isEqualTo(Delta.NEXT);
    assertThat(answer.finish("Bank fees.")).as("the duplicate was not shown twice").isEqualTo(Outcome.COMPLETE);
  }

  @Test
  void shouldCountWhatComesAfterTheFinalFrame() {
    StreamedAnswer answer = new StreamedAnswer(true);
    answer.delta(1, "Done.");
    answer.finish("Done.");

    assertThat(answer.delta(2, " More")).isEqualTo(Delta.LATE);
    assertThat(answer.finish("Done.")).isEqualTo(Outcome.DUPLICATE);
    assertThat(answer.finished()).isTrue();
  }

  @Test
  void shouldExpectAWholeAnswerToComeWithoutDeltas() {
    StreamedAnswer whole = new StreamedAnswer(false);
    StreamedAnswer streamedAnyway = new StreamedAnswer(false);
    streamedAnyway.delta(1, "Done.");

    assertThat(whole.finish("Done.")).isEqualTo(Outcome.COMPLETE);
    assertThat(streamedAnyway.finish("Done.")).isEqualTo(Outcome.MISMATCH);
  }
}
