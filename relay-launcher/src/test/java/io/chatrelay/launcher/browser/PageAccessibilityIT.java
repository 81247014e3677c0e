package io.chatrelay.launcher.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * axe-core with the WCAG 2.2 A and AA rules finds nothing on every state of the pages a person meets; the
 * conversation page reflows to 320 CSS pixels (what 1280 pixels are at 400% zoom) and is photographed at both
 * widths for people to look at ({@code target/screenshots/}).
 */
@ExtendWith(BrowserStack.Shared.class)
class PageAccessibilityIT {

  private final BrowserStack stack;
  private ChromeDriver driver;

  PageAccessibilityIT(BrowserStack stack) {
    this.stack = stack;
  }

  @AfterEach
  void quit() {
    Chromium.quit(driver);
  }

  private ChatPage browser(String baseUrl) {
    driver = Chromium.start(BrowserStack.WORK.resolve("profiles"), true);
    return new ChatPage(driver, baseUrl);
  }

  private static String user(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void shouldHaveNoViolationsOnTheStartPageSignedOutSignedInAndWithAnError() {
    ChatPage page = browser(stack.baseUrl()).openStart();
    Axe.assertNoViolations(driver, "the start page, signed out");
    Screenshots.fullPage(driver, 1280, "start-page-signed-out-1280");

    page.submit("Sign in");
    assertThat(driver.findElement(By.className("govuk-error-summary")).getText()).contains("Enter your user ID");
    Axe.assertNoViolations(driver, "the sign-in error");

    page.signIn(user("hana"));
    page.startConversation("Bank representative");
    page.openStart();
    Axe.assertNoViolations(driver, "the start page with a conversation");
    Screenshots.fullPage(driver, 1280, "start-page-1280");

    page.submit("Start conversation");
    assertThat(driver.findElement(By.className("govuk-error-summary")).getText())
        .contains("Select who you want to talk to");
    assertThat(driver.getTitle()).startsWith("Error: ");
    Axe.assertNoViolations(driver, "the start page error summary");
    Screenshots.fullPage(driver, 320, "start-page-error-320");
  }

  @Test
  void shouldHaveNoViolationsOnAnEmptyConversationAndItsErrorState() {
    ChatPage page = browser(stack.baseUrl()).signIn(user("ivan"));
    page.startConversation("Trade body representative");
    page.awaitConnection("connected");
    Axe.assertNoViolations(driver, "an empty conversation");

    page.messageBox().sendKeys(org.openqa.selenium.Keys.ENTER);

    page.until(ExpectedConditions.visibilityOfElementLocated(By.className("govuk-error-summary")));
    Axe.assertNoViolations(driver, "the message error summary");
    Screenshots.fullPage(driver, 1280, "conversation-error-1280");
  }

  @Test
  void shouldHaveNoViolationsOnAFiftyMessageConversation() {
    ChatPage page = browser(stack.baseUrl()).signIn(user("jana"));
    String sessionId = page.startConversation("Payments ecosystem representative");
    ApiUser api = new ApiUser(stack.baseUrl(), page.cookie());
    for (int i = 1; i <= 25; i++) {
      api.send(sessionId, "Question " + i + ": how do instant transfers settle between providers?");
    }
    page.until(d -> api.messages(sessionId).size() == 50);

    driver.navigate().refresh();
    page.awaitConnection("connected");
    assertThat(page.messages()).hasSize(50);
    Axe.assertNoViolations(driver, "a 50-message conversation");
  }

  @Test
  void shouldHaveNoViolationsWhileDisconnected() {
    try (SecondEdge edge = new SecondEdge(stack.env())) {
      ChatPage page = browser(edge.baseUrl()).signIn(user("kofi"));
      page.startConversation("Bank representative");
      page.awaitConnection("connected");

      edge.stop();

      page.awaitConnection("disconnected");
      assertThat(page.connectionText()).contains("Disconnected", "Reconnect now");
      Axe.assertNoViolations(driver, "the disconnected state");
      Screenshots.fullPage(driver, 1280, "conversation-disconnected-1280");
      edge.restart();
      page.button("Reconnect now").click();
      page.awaitConnection("connected");
    }
  }

  @Test
  void shouldReflowTo320PixelsAndWriteScreenshots() {
    ChatPage page = browser(stack.baseUrl()).signIn(user("lena"));
    String sessionId = page.startConversation("Bank representative");
    page.awaitConnection("connected");
    page.sendWithEnter("What are your overdraft fees?");
    page.sendWithEnter("And a long one: " + "https://example.com/a/very/long/address/without/any/spaces/".repeat(3));
    page.awaitMessageCount(4);
    new ApiUser(stack.baseUrl(), page.cookie()).send(sessionId, "<b>markup</b> stays text");
    page.awaitMessageCount(6);

    Screenshots.fullPage(driver, 1280, "conversation-1280");
    Screenshots.fullPage(driver, 320, "conversation-320");

    Object overflow = driver.executeScript(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertThat(((Number) overflow).intValue()).as("horizontal scrolling at 320 px").isLessThanOrEqualTo(0);
    Axe.assertNoViolations(driver, "the conversation at 320 px");
  }
}
