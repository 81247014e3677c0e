package io.chatrelay.launcher.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.demoagent.Persona;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** The page keeps the conversation whole while the edge it is connected to goes away and comes back. */
@ExtendWith(BrowserStack.Shared.class)
class ReconnectIT {

  private final BrowserStack stack;
  private SecondEdge edge;
  private ChromeDriver driver;

  ReconnectIT(BrowserStack stack) {
    this.stack = stack;
  }

  @BeforeEach
  void startEdge() {
    edge = new SecondEdge(stack.env());
    driver = Chromium.start(BrowserStack.WORK.resolve("profiles"), true);
  }

  @AfterEach
  void stop() {
    try {
      Chromium.quit(driver);
    } finally {
      edge.close();
    }
  }

  @Test
  void shouldReconnectAfterTheEdgeRestartsAndShowWhatWasSaidMeanwhileExactlyOnce() {
    ChatPage page = new ChatPage(driver, edge.baseUrl()).signIn("gita-" + UUID.randomUUID().toString().substring(0, 8));
    String sessionId = page.startConversation("Bank representative");
    page.awaitConnection("connected");
    page.sendWithEnter("Before the restart");
    page.awaitMessage("assistant", Persona.BankRep.answer("Before the restart").text());

    edge.stop();
    page.awaitConnection("reconnecting");
    assertThat(page.connectionText()).contains("Reconnecting");
    // Said in another tab (through the stack's other edge) while this page is cut off, and answered meanwhile.
    ApiUser otherTab = new ApiUser(stack.baseUrl(), page.cookie());
    otherTab.send(sessionId, "Sent from another tab");
    page.until(d -> otherTab.messages(sessionId).size() == 4);
    // Written on this page while it is cut off: it waits, then goes out once.
    page.sendWithEnter("Queued while offline");
    page.until(d -> d.findElement(By.id("outbox")).getText().contains("Waiting to send"));

    edge.restart();

    page.awaitConnection("connected");
    page.awaitMessage("assistant", Persona.BankRep.answer("Queued while offline").text());
    List<ChatPage.Shown> shown = page.messages();
    assertThat(shown).extracting(ChatPage.Shown::text).containsExactly(
        "Before the restart", Persona.BankRep.answer("Before the restart").text(),
        "Sent from another tab", Persona.BankRep.answer("Sent from another tab").text(),
        "Queued while offline", Persona.BankRep.answer("Queued while offline").text());
    assertThat(shown).extracting(ChatPage.Shown::seq).isSorted().doesNotHaveDuplicates();
    assertThat(driver.findElements(By.cssSelector("#outbox > li"))).isEmpty();
    List<JsonNode> stored = otherTab.messages(sessionId);
    assertThat(stored).extracting(m -> m.path("content").asText()).containsExactly(
        "Before the restart", Persona.BankRep.answer("Before the restart").text(),
        "Sent from another tab", Persona.BankRep.answer("Sent from another tab").text(),
        "Queued while offline", Persona.BankRep.answer("Queued while offline").text());
  }
}
