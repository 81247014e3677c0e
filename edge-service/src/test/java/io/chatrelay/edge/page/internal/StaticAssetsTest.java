package io.chatrelay.edge.page.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StaticAssetsTest {

  private final StaticAssets assets = StaticAssets.load();

  @Test
  void shouldServeTheScriptsStylesAndVendoredGovukFrontend() {
    assertThat(assets.get("app/conversation.js").orElseThrow().contentType()).startsWith("text/javascript");
    assertThat(assets.get("app/chat.css").orElseThrow().contentType()).startsWith("text/css");
    assertThat(assets.get("govuk/govuk-frontend.min.css")).isPresent();
    assertThat(assets.get("govuk/govuk-frontend.min.js")).isPresent();
    assertThat(assets.get("govuk/VERSION")).isEmpty(); // notes for people, not served
  }

  @Test
  void shouldNotServeTemplatesOrAnythingOutsideTheStaticFolders() {
    assertThat(assets.get("templates/layout.html")).isEmpty();
    assertThat(assets.get("app/../templates/layout.html")).isEmpty();
  }

  @Test
  void shouldNameTheSameVersionForTheSameFiles() {
    assertThat(StaticAssets.load().version()).isEqualTo(assets.version()).matches("[0-9a-f]{12}");
  }

  @Test
  void shouldUseASystemFontAndNoGovukTypeface() {
    String css = new String(assets.get("govuk/govuk-frontend.min.css").orElseThrow().bytes(), StandardCharsets.UTF_8);

    assertThat(css).contains("font-family:system-ui").doesNotContain("GDS Transport").doesNotContain("@font-face");
  }

  @Test
  void shouldNeverPutMessageTextIntoMarkupInTheScripts() {
    for (String script : new String[] {"app/chat.js", "app/message-list.js", "app/outbox.js", "app/form-errors.js",
        "app/connection-status.js", "app/live-connection.js"}) {
      String source = new String(assets.get(script).orElseThrow().bytes(), StandardCharsets.UTF_8);
      assertThat(source).as(script).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML",
          "document.write", "eval(");
    }
  }
}
