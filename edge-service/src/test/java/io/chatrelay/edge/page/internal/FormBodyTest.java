package io.chatrelay.edge.page.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormBodyTest {

  @Test
  void shouldDecodeBrowserFormEncoding() {
    byte[] body = "message=Hello+there%0D%0Asecond+line+%3Cb%3E&agentType=BankRep".getBytes(StandardCharsets.UTF_8);

    assertThat(FormBody.parse(body))
        .containsEntry("message", "Hello there\r\nsecond line <b>")
        .containsEntry("agentType", "BankRep");
  }

  @Test
  void shouldKeepTheFirstOfRepeatedFieldsAndAcceptEmptyOnes() {
    byte[] body = "a=1&a=2&b=&c".getBytes(StandardCharsets.UTF_8);

    assertThat(FormBody.parse(body)).containsEntry("a", "1").containsEntry("b", "").containsEntry("c", "");
  }

  @Test
  void shouldDecodeUtf8() {
    assertThat(FormBody.parse("m=caf%C3%A9+%F0%9F%8D%B5".getBytes(StandardCharsets.UTF_8)))
        .containsEntry("m", "caf\u00e9 \uD83C\uDF75");
  }

  @Test
  void shouldRefuseBrokenPercentEncoding() {
    assertThatThrownBy(() -> FormBody.parse("m=%zz".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
