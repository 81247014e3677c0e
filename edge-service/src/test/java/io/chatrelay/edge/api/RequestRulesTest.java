package io.chatrelay.edge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestRulesTest {

  @Test
  void shouldTrimContentAndCountCodePoints() {
    assertThat(RequestRules.requireContent("  hello \n")).isEqualTo("hello");
    String thousandEmoji = "\uD83D\uDE00".repeat(1000);
    assertThat(RequestRules.requireContent(thousandEmoji)).isEqualTo(thousandEmoji);
    assertThat(RequestRules.requireContent(" " + "a".repeat(1000) + " ")).hasSize(1000);
  }

  @Test
  void shouldRefuseEmptyWhitespaceOnlyAndTooLongContent() {
    assertBadRequest(() -> RequestRules.requireContent(""), "content");
    assertBadRequest(() -> RequestRules.requireContent(" \t\n\u3000 "), "content");
    assertBadRequest(() -> RequestRules.requireContent("a".repeat(1001)), "1001");
    assertBadRequest(() -> RequestRules.requireContent("\uD83D\uDE00".repeat(1001)), "1001");
  }

  @Test
  void shouldTakeAnIdempotencyKeyBareOrAsAQuotedString() {
    assertThat(RequestRules.requireIdempotencyKey("8e03978e-40d5-43e8-bc93-6894a57f9324"))
        .isEqualTo("8e03978e-40d5-43e8-bc93-6894a57f9324");
    assertThat(RequestRules.requireIdempotencyKey("\"order-1\"")).isEqualTo("order-1");
    assertThat(RequestRules.requireIdempotencyKey("a".repeat(64))).hasSize(64);
    assertThat(RequestRules.requireIdempotencyKey("\"")).isEqualTo("\"");
  }

  @Test
  void shouldRefuseEmptyLongOrNonAsciiIdempotencyKeys() {
    for (String bad : new String[] {"", "\"\"", "a".repeat(65), "two words", "caf\u00e9", "tab\tkey"}) {
      assertBadRequest(() -> RequestRules.requireIdempotencyKey(bad), "Idempotency-Key");
    }
  }

  @Test
  void shouldDefaultLimitAndAcceptOneToHundred() {
    assertThat(RequestRules.limit(Optional.empty())).isEqualTo(50);
    assertThat(RequestRules.limit(Optional.of("1"))).isEqualTo(1);
    assertThat(RequestRules.limit(Optional.of("100"))).isEqualTo(100);
  }

  @Test
  void shouldRefuseLimitsOutsideRangeOrNotWholeNumbers() {
    for (String bad : new String[] {"0", "101", "abc", "", "-1", "1.5", "+5", "1e2", "99999999999"}) {
      assertBadRequest(() -> RequestRules.limit(Optional.of(bad)), "limit");
    }
  }

  @Test
  void shouldReadBeforeAsSeq() {
    assertThat(RequestRules.before(Optional.of("42"))).contains(42L);
    assertThat(RequestRules.before(Optional.empty())).isEmpty();
    assertBadRequest(() -> RequestRules.before(Optional.of("x")), "before");
    assertBadRequest(() -> RequestRules.before(Optional.of("-3")), "before");
  }

  @Test
  void shouldAcceptOnlyWellFormedUserIds() {
    assertThat(RequestRules.isUserId("alice.smith_1@example-corp")).isTrue();
    assertThat(RequestRules.isUserId("a".repeat(64))).isTrue();
    assertThat(RequestRules.isUserId("a".repeat(65))).isFalse();
    assertThat(RequestRules.isUserId("")).isFalse();
    assertThat(RequestRules.isUserId("alice bob")).isFalse();
    assertThat(RequestRules.isUserId("<script>")).isFalse();
    assertThat(RequestRules.isUserId("ålice")).isFalse();
    assertBadRequest(() -> RequestRules.requireUserId("a/b"), "userId");
  }

  @Test
  void shouldTreatMalformedSessionIdsAsNotFound() {
    assertThat(RequestRules.requireSessionId("0b8e4c1e-6f6a-4c4e-9a43-2f1f1c0d9a11"))
        .isEqualTo("0b8e4c1e-6f6a-4c4e-9a43-2f1f1c0d9a11");
    for (String bad : new String[] {"nope", "1-1-1-1-1", "0B8E4C1E-6F6A-4C4E-9A43-2F1F1C0D9A11", "../x"}) {
      assertThatThrownBy(() -> RequestRules.requireSessionId(bad))
          .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(404));
    }
  }

  static void assertBadRequest(Runnable action, String detailMentions) {
    assertThatThrownBy(action::run).isInstanceOfSatisfying(Problem.class, p -> {
      assertThat(p.status()).isEqualTo(400);
      assertThat(p.detail()).contains(detailMentions);
    });
  }
}
