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

  @ParameterizedTest
  @ValueSource(strings = {"/slowly please", "/failure modes?", "/statuses", " /fail", "tell me /fail", "hello"})
  void shouldTreatAnythingElseAsAPlainQuestion(String content) {
    Command command = Command.parse(content);

    assertThat(command.kind()).isEqualTo(Kind.ASK);
    assertThat(command.question()).isEqualTo(content);
  }
}
