package io.chatrelay.demoagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.demoagent.Persona;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokensTest {

  @Test
  void shouldCutAfterTheWhitespaceThatFollowsEachWord() {
    assertThat(Tokens.split("Hello, dear  world.\n\tBye"))
        .containsExactly("Hello, ", "dear  ", "world.\n\t", "Bye");
  }

  @Test
  void shouldKeepLeadingAndTrailingWhitespaceInTheFirstAndLastToken() {
    assertThat(Tokens.split("  two words ")).containsExactly("  two ", "words ");
  }

  @Test
  void shouldMakeOneTokenOfWhitespaceOnlyAndNoneOfNothing() {
    assertThat(Tokens.split(" \n ")).containsExactly(" \n ");
    assertThat(Tokens.split("")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", " a", "a ", "  x  y\r\nz\u00a0w  ", "\u201cquoted\u201d \ud83d\ude00 emoji", "\n"})
  void shouldJoinBackToTheTextByteForByte(String text) {
    assertThat(String.join("", Tokens.split(text))).isEqualTo(text);
  }

  @ParameterizedTest
  @EnumSource(Persona.class)
  void shouldCountOneTokenPerWordOfAPersonasLongAnswer(Persona persona) {
    List<String> tokens = Tokens.split(persona.longAnswer("What fees?", 137).text());

    assertThat(tokens).hasSize(137);
    assertThat(String.join("", tokens)).isEqualTo(persona.longAnswer("What fees?", 137).text());
  }
}
