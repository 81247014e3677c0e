package io.chatrelay.edge.page.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

  @Test
  void shouldEscapeTextSoItCanNeverBecomeMarkup() {
    Template t = Template.of("t", "<p title=\"{{title}}\">{{body}}</p>");

    Html html = t.render(Map.of("title", "\"><script>alert(1)</script>", "body", "<img src=x onerror=alert(1)> & 'q'"));

    assertThat(html.markup()).isEqualTo("<p title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">"
        + "&lt;img src=x onerror=alert(1)&gt; &amp; &#39;q&#39;</p>");
  }

  @Test
  void shouldInsertHtmlFragmentsAsTheyAre() {
    Template t = Template.of("t", "<div>{{{inner}}}</div>");

    assertThat(t.render(Map.of("inner", new Html("<b>bold</b>"))).markup()).isEqualTo("<div><b>bold</b></div>");
  }

  @Test
  void shouldRefuseRawInsertionOfPlainText() {
    Template t = Template.of("t", "<div>{{{inner}}}</div>");

    assertThatThrownBy(() -> t.render(Map.of("inner", "<b>not trusted</b>")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{{{inner}}} takes Html");
  }

  @Test
  void shouldFailWhenAValueIsMissing() {
    Template t = Template.of("t", "<p>{{a}} {{b}}</p>");

    assertThatThrownBy(() -> t.render(Map.of("a", "x"))).hasMessageContaining("needs a value for b");
  }

  @Test
  void shouldRefuseUnbalancedPlaceholders() {
    assertThatThrownBy(() -> Template.of("t", "<p>{{{a}}</p>")).hasMessageContaining("unbalanced");
  }

  @Test
  void shouldKeepCharactersOutsideTheBasicPlaneIntact() {
    assertThat(Html.escape("tea \uD83C\uDF75 <now>")).isEqualTo("tea \uD83C\uDF75 &lt;now&gt;");
  }

  @Test
  void shouldLoadEveryPageTemplateFromTheClasspath() {
    for (String name : new String[] {"layout", "navigation", "sign-out", "start", "sign-in", "new-conversation",
        "agent-option", "conversations", "conversation-item", "conversation", "message", "error-summary",
        "error-message", "error-page"}) {
      assertThat(Template.load(name)).hasToString("Template[" + name + "]");
    }
  }
}
