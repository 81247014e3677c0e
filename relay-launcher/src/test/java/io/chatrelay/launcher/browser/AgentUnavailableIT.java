package io.chatrelay.launcher.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.demoagent.Persona;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * When the agent cannot be reached the page says so with a notification banner, keeps the message, and shows the
 * answer once the agent is back. A stack of its own: stopping the agent must not disturb other tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentUnavailableIT {

  private BrowserStack stack;
  private ChromeDriver driver;

  @BeforeAll
  void start() {
    // Quick retries and a short open breaker, so the outage is noticed and the recovery seen within seconds.
    stack = BrowserStack.start(Map.of("AGENT_RECONNECT_BASE_MS", "100", "AGENT_RECONNECT_MAX_MS", "400",
        "AGENT_BREAKER_OPEN_MS", "1000"));
  }

  @AfterAll
  void stop() {
    stack.close();
  }

  @AfterEach
  void quit() {
    Chromium.quit(driver);
  }

  @Test
  void shouldShowANotificationBannerWhileTheAgentIsUnavailableAndTheAnswerWhenItIsBack() {
    driver = Chromium.start(BrowserStack.WORK.resolve("profiles"), true);
    ChatPage page = new ChatPage(driver, stack.baseUrl()).signIn("mo-unavailable");
    page.startConversation("Bank representative");
    page.awaitConnection("connected");

    stack.stopAgent();
    page.sendWithEnter("Is anyone there?");

    page.until(ExpectedConditions.visibilityOfElementLocated(By.id("agent-banner")));
    assertThat(driver.findElement(By.id("agent-banner")).getText())
        .contains("Important", "The bank representative is not available at the moment.");
    assertThat(driver.findElement(By.id("waiting")).getText())
        .isEqualTo("The bank representative is not available at the moment. Your messages are kept.");
    Axe.assertNoViolations(driver, "the agent-unavailable banner");
    Screenshots.fullPage(driver, 1280, "conversation-agent-unavailable-1280");

    stack.startAgent();

    page.awaitMessage("assistant", Persona.BankRep.answer("Is anyone there?").text());
    page.until(ExpectedConditions.invisibilityOfElementLocated(By.id("agent-banner")));
    assertThat(page.messages()).extracting(ChatPage.Shown::text)
        .containsExactly("Is anyone there?", Persona.BankRep.answer("Is anyone there?").text());
  }
}
