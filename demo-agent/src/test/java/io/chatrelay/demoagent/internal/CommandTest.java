package io.chatrelay.demoagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.demoagent.internal.Command.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandTest {

  @Test
  void shouldReadSlowDelayAndTheQuestionAfterIt() {
    Command command = Command.parse("/slow 500 What fees\napply?");

    assertThat(command.kind()).isEqualTo(Kind.SLOW);
    assertThat(command.slowDelay()).isEqualTo(Duration.ofMillis(500));
    assertThat(command.question()).isEqualTo("What fees\napply?");
  }

  @Test
  void shouldAcceptSlowWithoutQuestion() {
    Command command = Command.parse("/slow 0");

    assertThat(command.kind()).isEqualTo(Kind.SLOW);
    assertThat(command.slowDelay()).isZero();
    assertThat(command.question()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/slow", "/slow abc", "/slow -5", "/slow 60001 hi", "/slow 1234567890"})
  void shouldExplainUsageForBadSlowCommands(String content) {
    Command command = Command.parse(content);

    assertThat(command.kind()).isEqualTo(Kind.INVALID);
    assertThat(command.usageError()).startsWith("Usage: /slow <milliseconds>");
  }

  @Test
  void shouldRecogniseFailAndStatus() {
    assertThat(Command.parse("/fail").kind()).isEqualTo(Kind.FAIL);
    assertThat(Command.parse("/fail please").kind()).isEqualTo(Kind.FAIL);
    Command status = Command.parse("/status Any news on fees?");
    assertThat(status.kind()).isEqualTo(Kind.STATUS);
    assertThat(status.question()).isEqualTo("Any news on fees?");
  }

  @Test
  void shouldReadStreamLengthAndTheQuestionAfterIt() {
    Command command = Command.parse("/stream 120 What fees\napply?");

    assertThat(command.kind()).isEqualTo(Kind.STREAM);
    assertThat(command.streamTokens()).isEqualTo(120);
    assertThat(command.question()).isEqualTo("What fees\napply?");
    assertThat(Command.parse("/stream 5000").streamTokens()).isEqualTo(5000);
    assertThat(Command.parse("/stream 1").question()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/stream", "/stream 0", "/stream abc", "/stream -5", "/stream 5001 hi", "/stream 99999999999"})
  void shouldExplainUsageForBadStreamCommands(String content) {
    Command command = Command.parse(content);

    assertThat(command.kind()).isEqualTo(Kind.INVALID);
    assertThat(command.usageError()).isEqualTo("Usage: /stream <tokens> [question], with tokens from 1 to 5000.");
  }

  @Test
  void shouldReadTheLengthOfALongWholeAnswerAsForAStream() {
    Command command = Command.parse("/long 120 What fees?");

    assertThat(command.kind()).isEqualTo(Kind.LONG);
    assertThat(command.streamTokens()).isEqualTo(120);
    assertThat(command.question()).isEqualTo("What fees?");
    assertThat(Command.parse("/long 0").usageError())
        .isEqualTo("Usage: /long <tokens> [question], with tokens from 1 to 5000.");
    assertThat(Command.parse("/longer 5").kind()).isEqualTo(Kind.ASK);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/slowly please", "/streams", "/streaming 5", "/failure modes?", "/statuses", " /fail", "tell me /fail", "hello"})
  void shouldTreatAnythingElseAsAPlainQuestion(String content) {
    Command command = Command.parse(content);

    assertThat(command.kind()).isEqualTo(Kind.ASK);
    assertThat(command.question()).isEqualTo(content);
  }
}
