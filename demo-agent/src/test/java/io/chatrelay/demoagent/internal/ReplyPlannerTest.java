package io.chatrelay.demoagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.demoagent.DemoAgentConfig;
import io.chatrelay.demoagent.Persona;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReplyPlannerTest {

  private static DemoAgentConfig config(long latencyMs, long jitterMs, double failureRate, long seed) {
    return new DemoAgentConfig(0, Duration.ofMillis(latencyMs), Duration.ofMillis(jitterMs), failureRate, seed);
  }

  private static InboundMessage ask(String content, String agentType) {
    return new InboundMessage("req", content, agentType);
  }

  @Test
  void shouldPreferPathPersonaThenMetadataThenDefault() {
    DemoAgentConfig config = config(0, 0, 0, 1);

    assertThat(new ReplyPlanner(config, Persona.TradeBodyRep).plan(ask("hi", "BankRep")).persona())
        .isEqualTo(Persona.TradeBodyRep);
    assertThat(new ReplyPlanner(config, null).plan(ask("hi", "PaymentsEcosystemRep")).persona())
        .isEqualTo(Persona.PaymentsEcosystemRep);
    assertThat(new ReplyPlanner(config, null).plan(ask("hi", null)).persona()).isEqualTo(Persona.BankRep);
  }

  @Test
  void shouldRefuseUnknownAgentTypeNamingIt() {
    ReplyPlan plan = new ReplyPlanner(config(0, 0, 0, 1), null).plan(ask("hi", "Wizard"));

    assertThat(plan.isError()).isTrue();
    assertThat(plan.requestId()).isEqualTo("req");
    assertThat(plan.errorReason()).contains("'Wizard'").contains("BankRep, TradeBodyRep, PaymentsEcosystemRep");
  }

  @Test
  void shouldAnswerWithThePersonasAnswerToTheQuestion() {
    ReplyPlan plan = new ReplyPlanner(config(0, 0, 0, 1), null).plan(ask("What fees?", "TradeBodyRep"));

    assertThat(plan.isError()).isFalse();
    assertThat(plan.answer()).isEqualTo(Persona.TradeBodyRep.answer("What fees?"));
    assertThat(plan.delay()).isZero();
    assertThat(plan.thinkingFirst()).isFalse();
  }

  @Test
  void shouldRepeatTheSameFailuresAndDelaysForTheSameSeed() {
    DemoAgentConfig config = config(100, 50, 0.5, 2024);

    List<String> first = outcomes(new ReplyPlanner(config, null), 40);
    List<String> second = outcomes(new ReplyPlanner(config, null), 40);
    List<String> otherSeed = outcomes(new ReplyPlanner(config(100, 50, 0.5, 2025), null), 40);

    assertThat(second).isEqualTo(first);
    assertThat(otherSeed).isNotEqualTo(first);
    assertThat(first).anyMatch(o -> o.startsWith("error")).anyMatch(o -> o.startsWith("response"));
  }

  @Test
  void shouldKeepDelaysWithinLatencyPlusJitter() {
    ReplyPlanner planner = new ReplyPlanner(config(100, 50, 0, 3), null);

    List<Duration> delays = IntStream.range(0, 200).mapToObj(i -> planner.plan(ask("q" + i, null)).delay()).toList();

    assertThat(delays).allSatisfy(d -> assertThat(d.toMillis()).isBetween(100L, 150L));
    assertThat(delays.stream().distinct().count()).isGreaterThan(1);
  }

  @Test
  void shouldFailEveryMessageAtRateOneAndNoneAtRateZero() {
    ReplyPlanner always = new ReplyPlanner(config(0, 0, 1.0, 5), null);
    ReplyPlanner never = new ReplyPlanner(config(0, 0, 0.0, 5), null);

    assertThat(IntStream.range(0, 50).mapToObj(i -> always.plan(ask("q", null))))
        .allSatisfy(p -> assertThat(p.errorReason()).contains("simulated failure"));
    assertThat(IntStream.range(0, 50).mapToObj(i -> never.plan(ask("q", null)))).noneMatch(ReplyPlan::isError);
  }

  @Test
  void shouldApplyOperatorCommands() {
    ReplyPlanner planner = new ReplyPlanner(config(100, 0, 0, 1), Persona.BankRep);

    ReplyPlan slow = planner.plan(ask("/slow 700 What fees?", null));
    assertThat(slow.delay()).isEqualTo(Duration.ofMillis(700));
    assertThat(slow.answer()).isEqualTo(Persona.BankRep.answer("What fees?"));

    ReplyPlan fail = planner.plan(ask("/fail", null));
    assertThat(fail.errorReason()).contains("bank representative").contains("/fail");

    ReplyPlan status = planner.plan(ask("/status What fees?", null));
    assertThat(status.thinkingFirst()).isTrue();
    assertThat(status.answer()).isEqualTo(Persona.BankRep.answer("What fees?"));

    assertThat(planner.plan(ask("/slow soon", null)).errorReason()).startsWith("Usage: /slow");
  }

  @Test
  void shouldStreamEveryAnswerAtTheConfiguredRateAndNoneByDefault() {
    ReplyPlanner streaming = new ReplyPlanner(config(0, 0, 0, 1).withTokensPerSecond(40), null);
    ReplyPlanner plain = new ReplyPlanner(config(0, 0, 0, 1), null);

    assertThat(streaming.plan(ask("What fees?", null)).tokensPerSecond()).isEqualTo(40);
    assertThat(streaming.plan(ask("/status What fees?", null)).tokensPerSecond()).isEqualTo(40);
    assertThat(streaming.plan(ask("/fail", null)).isStreamed()).isFalse();
    assertThat(plain.plan(ask("What fees?", null)).isStreamed()).isFalse();
  }

  @Test
  void shouldStreamALongAnswerOfTheRequestedLengthAfterTheUsualDelay() {
    ReplyPlanner plain = new ReplyPlanner(config(100, 0, 0, 1), Persona.TradeBodyRep);
    ReplyPlanner fast = new ReplyPlanner(config(0, 0, 0, 1).withTokensPerSecond(2000), Persona.TradeBodyRep);

    ReplyPlan stream = plain.plan(ask("/stream 300 What about rules?", null));

    assertThat(stream.answer()).isEqualTo(Persona.TradeBodyRep.longAnswer("What about rules?", 300));
    assertThat(stream.tokensPerSecond()).isEqualTo(50);
    assertThat(stream.delay()).isEqualTo(Duration.ofMillis(100));
    assertThat(stream.thinkingFirst()).isFalse();
    assertThat(fast.plan(ask("/stream 3", null)).tokensPerSecond()).isEqualTo(2000);
    assertThat(plain.plan(ask("/stream lots", null)).errorReason()).startsWith("Usage: /stream");
  }

  @Test
  void shouldSendTheStreamsLongAnswerWholeWhenItsStreamWouldHaveEnded() {
    ReplyPlanner planner = new ReplyPlanner(config(100, 0, 0, 1).withTokensPerSecond(20), Persona.TradeBodyRep);

    ReplyPlan whole = planner.plan(ask("/long 100 What about rules?", null));

    assertThat(whole.answer()).isEqualTo(planner.plan(ask("/stream 100 What about rules?", null)).answer());
    assertThat(whole.isStreamed()).isFalse();
    assertThat(whole.delay()).isEqualTo(Duration.ofMillis(100 + 99 * 50));
    assertThat(new ReplyPlanner(config(0, 0, 0, 1), null).plan(ask("/long 51", null)).delay())
        .as("at the /stream pace of 50 tokens/s").isEqualTo(Duration.ofSeconds(1));
  }

  private static List<String> outcomes(ReplyPlanner planner, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> planner.plan(ask("question " + i, null)))
        .map(p -> (p.isError() ? "error" : "response") + "@" + p.delay().toMillis())
        .toList();
  }
}
