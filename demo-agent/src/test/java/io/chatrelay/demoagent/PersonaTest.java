package io.chatrelay.demoagent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PersonaTest {

  @ParameterizedTest
  @ValueSource(strings = {"What fees do you charge?", "How do I join?", "Tell me about fraud", "Why is the sky blue?", ""})
  void shouldGiveEachPersonaItsOwnAnswerToTheSameQuestion(String question) {
    Set<String> answers = Arrays.stream(Persona.values())
        .map(p -> p.answer(question).text())
        .collect(Collectors.toSet());

    assertThat(answers).hasSize(Persona.values().length);
  }

  @ParameterizedTest
  @EnumSource(Persona.class)
  void shouldAnswerTheSameQuestionIdenticallyEveryTime(Persona persona) {
    assertThat(persona.answer("Can you explain the rules on transfers?"))
        .isEqualTo(persona.answer("Can you explain the rules on transfers?"));
  }

  @ParameterizedTest
  @EnumSource(Persona.class)
  void shouldAnswerDifferentUnrecognisedQuestionsDifferently(Persona persona) {
    assertThat(persona.answer("Why is the sky blue?").text())
        .isNotEqualTo(persona.answer("Where do the ducks go in winter?").text());
  }

  @ParameterizedTest
  @EnumSource(Persona.class)
  void shouldIntroduceAnswersWithThePersonaRole(Persona persona) {
    assertThat(persona.answer("anything at all").text()).startsWith(persona.role() + ": ");
  }

  @Test
  void shouldRecogniseEachPersonasTopicsByKeyword() {
    assertThat(Persona.BankRep.answer("Are there monthly FEES?").text()).contains("no monthly fee");
    assertThat(Persona.BankRep.answer("I'd like a mortgage").text()).contains("affordability check");
    assertThat(Persona.TradeBodyRep.answer("How does membership work?").text()).contains("Membership is open");
    assertThat(Persona.TradeBodyRep.answer("What about the new regulation?").text()).contains("industry codes");
    assertThat(Persona.PaymentsEcosystemRep.answer("I fell for a scam").text()).contains("Confirmation of Payee");
    assertThat(Persona.PaymentsEcosystemRep.answer("How does open banking work?").text()).contains("standard APIs");
  }

  @Test
  void shouldMatchKeywordsAsWholeWordsOnly() {
    // "rapid" contains "api" but is not about APIs.
    assertThat(Persona.PaymentsEcosystemRep.answer("rapid growth").text()).contains("\u201crapid growth\u201d");
  }

  @Test
  void shouldScoreRecognisedTopicsAboveTheFallback() {
    Answer topic = Persona.BankRep.answer("What fees apply?");
    Answer fallback = Persona.BankRep.answer("Why is the sky blue?");

    assertThat(topic.confidence()).isGreaterThan(fallback.confidence());
    assertThat(topic.confidence()).isBetween(0.0, 1.0);
    assertThat(fallback.confidence()).isBetween(0.0, 1.0);
  }

  @Test
  void shouldQuoteTheQuestionAsPlainTextOnOneLine() {
    String text = Persona.TradeBodyRep.answer("  Is <b>this</b>\n\t100% & \"safe\"?  ").text();

    assertThat(text).contains("\u201cIs <b>this</b> 100% & \"safe\"?\u201d");
  }

  @Test
  void shouldShortenLongQuestionsInTheQuote() {
    String question = "why ".repeat(100);

    String text = Persona.BankRep.answer(question).text();

    assertThat(text).contains("why why").contains("\u2026\u201d");
    assertThat(text.length()).isLessThan(question.length());
  }

  @Test
  void shouldGreetWhenTheQuestionIsBlank() {
    assertThat(Persona.BankRep.answer(" \n ").text()).isEqualTo("Bank representative: Hello, how can I help with your banking today?");
  }

  @ParameterizedTest
  @EnumSource(Persona.class)
  void shouldGiveALongAnswerOfExactlyTheRequestedWordsStartingWithTheAnswer(Persona persona) {
    Answer answer = persona.answer("Tell me about fees");

    Answer longAnswer = persona.longAnswer("Tell me about fees", 500);

    assertThat(longAnswer.text().split(" ")).hasSize(500).doesNotContain("");
    assertThat(longAnswer.text()).startsWith(answer.text() + " ").doesNotContain("  ").isEqualTo(longAnswer.text().strip());
    assertThat(longAnswer.confidence()).isEqualTo(answer.confidence());
    assertThat(persona.longAnswer("Tell me about fees", 500)).isEqualTo(longAnswer);
    assertThat(persona.longAnswer("Tell me about fees", 1).text()).isEqualTo(persona.role().split(" ")[0]);
  }

  @Test
  void shouldParseOnlyExactWireNames() {
    assertThat(Persona.parse("TradeBodyRep")).contains(Persona.TradeBodyRep);
    assertThat(Persona.parse("tradebodyrep")).isEmpty();
    assertThat(Persona.parse(null)).isEmpty();
  }
}
