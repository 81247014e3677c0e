package io.chatrelay.edge.page.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.edge.api.RequestRules;
import org.junit.jupiter.api.Test;

class ConversationPageTest {

  private static final String FORM = "3b4c0f0e-8a61-4c8e-9d0b-2f7f7e1d9a55";

  @Test
  void shouldKeyAFormsMessageByTheFormAndTheText() {
    String key = ConversationPage.messageKey(FORM, "Can I close my account?");

    assertThat(key).hasSize(53).startsWith(FORM + "-");
    assertThat(RequestRules.requireIdempotencyKey(key)).as("a key the REST API would take too").isEqualTo(key);
    assertThat(ConversationPage.messageKey(FORM, "Can I close my account?")).isEqualTo(key);
    assertThat(ConversationPage.messageKey(FORM, "Can I close my account today?")).isNotEqualTo(key);
    assertThat(ConversationPage.messageKey("0e1f5a3c-2b8d-4d6e-9f70-81a2b3c4d5e6", "Can I close my account?"))
        .isNotEqualTo(key);
  }
}
