package io.chatrelay.launcher.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.demoagent.Persona;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The chat page in a real browser against the whole running product. */
@ExtendWith(BrowserStack.Shared.class)
class ChatPageIT {

  private static final String XSS = "<script>alert(1)</script> <img src=x onerror=alert(1)>";

  private final BrowserStack stack;
  private ChromeDriver driver;

  ChatPageIT(BrowserStack stack) {
    this.stack = stack;
  }

  @AfterEach
  void quit() {
    Chromium.quit(driver);
  }

  private ChatPage browser(boolean javaScript) {
    driver = Chromium.start(BrowserStack.WORK.resolve("profiles"), javaScript);
    return new ChatPage(driver, stack.baseUrl());
  }

  private static String user(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String answer(Persona persona, String question) {
    return persona.answer(question).text();
  }

  @Test
  void shouldShowTheAgentsReplyWithoutReloadingThePage() {
    ChatPage page = browser(true).signIn(user("alice"));
    page.startConversation("Bank representative");
    page.awaitConnection("connected");
    assertThat(page.connectionText()).contains("Connected");
    driver.executeScript("window.sameDocument = 'yes'");
    // Records whether the waiting indicator was shown at all, however quickly the reply comes.
    driver.executeScript("const w = document.getElementById('waiting');"
        + "new MutationObserver(() => { if (!w.hidden) window.sawWaiting = w.textContent; })"
        + ".observe(w, { attributes: true, childList: true, subtree: true });");

    String question = "What are your overdraft fees?";
    page.sendWithEnter(question);

    page.awaitMessage("assistant", answer(Persona.BankRep, question));
    page.until(ExpectedConditions.invisibilityOfElementLocated(By.id("waiting")));
    assertThat(driver.executeScript("return window.sawWaiting"))
        .isEqualTo("Waiting for a reply from the bank representative");
    List<ChatPage.Shown> shown = page.messages();
    assertThat(shown).extracting(ChatPage.Shown::role).containsExactly("user", "assistant");
    assertThat(shown).extracting(ChatPage.Shown::author).containsExactly("You", "Bank representative");
    assertThat(shown.get(0).text()).isEqualTo(question);
    assertThat(shown.get(0).seq()).isLessThan(shown.get(1).seq());
    assertThat(page.messageBox().getAttribute("value")).isEmpty();
    assertThat(driver.executeScript("return window.sameDocument")).isEqualTo("yes");
  }

  @Test
  void shouldStreamTheAnswerAsTextLetThePersonStopItAndRateIt() {
    ChatPage page = browser(true).signIn(user("sana"));
    page.startConversation("Bank representative");
    page.awaitConnection("connected");

    page.sendWithEnter("/stream 600 Tell me everything about fees");

    By streaming = By.cssSelector("#messages > li[data-status='streaming']");
    WebElement answer = page.until(ExpectedConditions.presenceOfElementLocated(streaming));
    String early = page.until(d -> {
      String text = answer.findElement(By.className("app-message__text")).getText();
      return text.split(" ").length >= 5 ? text : null;
    });
    page.until(d -> answer.findElement(By.className("app-message__text")).getText().length() > early.length());
    assertThat(answer.getAttribute("aria-busy")).isEqualTo("true");
    assertThat(driver.findElement(By.id("message-log")).getAttribute("aria-busy"))
        .as("screen readers wait for the whole answer").isEqualTo("true");
    WebElement state = driver.findElement(By.id("waiting"));
    assertThat(state.getAttribute("data-agent-state")).isEqualTo("streaming");
    assertThat(state.getText()).contains("The bank representative is writing an answer");
    Axe.assertNoViolations(driver, "an answer being written");

    page.button("Stop answer").click();

    WebElement stopped = page.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#messages > li[data-status='cancelled']")));
    assertThat(stopped.getText()).contains("You stopped this answer.");
    String kept = stopped.findElement(By.className("app-message__text")).getText();
    assertThat(kept).startsWith(early).hasSizeGreaterThan(early.length());
    assertThat(kept.split(" ").length).as("stopped before the end").isLessThan(600);
    assertThat(driver.findElements(streaming)).isEmpty();
    page.until(ExpectedConditions.invisibilityOfElementLocated(By.id("waiting")));
    assertThat(driver.findElement(By.id("message-log")).getAttribute("aria-busy")).isEqualTo("false");
    assertThat(driver.findElement(By.id("stop-answer")).isDisplayed()).isFalse();

    stopped.findElement(By.className("govuk-details__summary")).click();
    stopped.findElement(By.tagName("textarea")).sendKeys("Too long for me");
    stopped.findElement(By.className("app-feedback__down")).click();
    WebElement thanks = page.until(ExpectedConditions.presenceOfNestedElementLocatedBy(stopped,
        By.className("app-feedback__thanks")));
    assertThat(thanks.getText()).isEqualTo("Thank you for your feedback.");
    Axe.assertNoViolations(driver, "a stopped and rated answer");

    driver.navigate().refresh();
    page.awaitConnection("connected");
    WebElement reloaded = page.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#messages > li[data-status='cancelled']")));
    assertThat(reloaded.findElement(By.className("app-message__text")).getText()).isEqualTo(kept);
  }

  @Test
  void shouldMakeANewLineWithShiftEnterAndSendWithEnter() {
    ChatPage page = browser(true).signIn(user("bola"));
    page.startConversation("Trade body representative");
    page.awaitConnection("connected");

    page.messageBox().sendKeys("first line");
    page.messageBox().sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
    page.messageBox().sendKeys("second line");
    assertThat(page.messageBox().getAttribute("value")).isEqualTo("first line\nsecond line");
    assertThat(page.messages()).isEmpty();

    page.messageBox().sendKeys(Keys.ENTER);

    page.awaitMessage("user", "first line\nsecond line");
    page.awaitMessage("assistant", answer(Persona.TradeBodyRep, "first line\nsecond line"));
  }

  @Test
  void shouldRefuseAnEmptyMessageWithAnErrorSummaryAndInlineError() {
    ChatPage page = browser(true).signIn(user("chen"));
    page.startConversation("Bank representative");
    page.awaitConnection("connected");

    page.sendWithButton("   ");

    page.until(ExpectedConditions.visibilityOfElementLocated(By.className("govuk-error-summary")));
    assertThat(driver.findElement(By.className("govuk-error-summary")).getText())
        .contains("There is a problem", "Enter a message");
    assertThat(driver.findElement(By.id("message-error")).getAttribute("textContent"))
        .isEqualTo("Error: Enter a message");
    assertThat(page.messageBox().getAttribute("aria-describedby")).contains("message-error");
    assertThat(driver.getTitle()).startsWith("Error: ");
    assertThat(driver.switchTo().activeElement().getAttribute("class")).contains("govuk-error-summary");
    assertThat(page.messages()).isEmpty();

    page.messageBox().clear();
    page.sendWithEnter("Now a real question");
    page.awaitMessage("user", "Now a real question");
    assertThat(driver.findElements(By.className("govuk-error-summary"))).isEmpty();
    assertThat(driver.getTitle()).doesNotStartWith("Error: ");
  }

  @Test
  void shouldShowMarkupFromThePersonAndTheAgentAsTextAndRunNothing() {
    ChatPage page = browser(true).signIn(user("dana"));
    page.startConversation("Payments ecosystem representative");
    page.awaitConnection("connected");
    String reply = answer(Persona.PaymentsEcosystemRep, XSS);
    assertThat(reply).contains("<script>alert(1)</script>", "<img src=x onerror=alert(1)>");

    page.sendWithEnter(XSS);

    page.awaitMessage("user", XSS);
    page.awaitMessage("assistant", reply);
    assertNothingRan(driver);

    driver.navigate().refresh(); // the same history, rendered by the server this time
    page.awaitMessage("assistant", reply);
    assertThat(page.messages()).extracting(ChatPage.Shown::text).containsExactly(XSS, reply);
    assertNothingRan(driver);
  }

  @Test
  void shouldSendAMessageWithoutJavaScriptAndShowItAfterTheRedirect() {
    ChatPage page = browser(false).signIn(user("emeka"));
    page.startConversation("Bank representative");
    assertThat(driver.findElement(By.id("no-live")).getText())
        .isEqualTo("New replies appear when you refresh the page.");
    assertThat(driver.findElement(By.id("connection-status")).isDisplayed()).isFalse();

    page.sendWithoutScript("");
    assertThat(driver.findElement(By.className("govuk-error-summary")).getText()).contains("Enter a message");
    assertThat(driver.getTitle()).startsWith("Error: ");

    String question = "How do I open an account? " + XSS;
    page.sendWithoutScript(question);

    assertThat(driver.getCurrentUrl()).endsWith("/conversations/" + page.sessionId() + "#latest");
    assertThat(page.messages()).extracting(ChatPage.Shown::text).containsExactly(question);
    assertThat(driver.findElements(By.className("govuk-error-summary"))).isEmpty();
    String reply = answer(Persona.BankRep, question);
    page.until(d -> {
      d.navigate().refresh();
      return page.messages().size() == 2;
    });
    assertThat(page.messages()).extracting(ChatPage.Shown::text).containsExactly(question, reply);
    assertNothingRan(driver);
  }

  @Test
  void shouldListConversationsNewestFirstAndSignOut() {
    ChatPage page = browser(true).signIn(user("femi"));
    page.startConversation("Bank representative");
    page.sendWithEnter("First conversation");
    page.awaitMessage("assistant", answer(Persona.BankRep, "First conversation"));
    page.openStart();
    page.startConversation("Trade body representative");
    page.openStart();

    assertThat(driver.findElements(By.className("app-conversations__link")))
        .extracting(e -> e.getText().split("[,\n]")[0].strip())
        .containsExactly("Trade body representative", "Bank representative");

    page.button("Sign out").click();

    page.until(ExpectedConditions.visibilityOfElementLocated(By.id("user-id")));
    assertThat(driver.manage().getCookieNamed("session")).isNull();
    assertThat(driver.findElements(By.className("app-conversations__link"))).isEmpty();
  }

  @Test
  void shouldDisconnectTheConversationInAnotherTabWhenSigningOut() {
    ChatPage page = browser(true).signIn(user("gus"));
    page.startConversation("Bank representative");
    page.awaitConnection("connected");
    String conversationTab = driver.getWindowHandle();

    driver.switchTo().newWindow(WindowType.TAB);
    page.openStart();
    page.button("Sign out").click();
    page.until(ExpectedConditions.visibilityOfElementLocated(By.id("user-id")));

    driver.switchTo().window(conversationTab);
    page.awaitConnection("disconnected");
    assertThat(page.connectionText()).contains("You have been signed out", "Sign in again");
    assertThat(driver.findElement(By.id("connection-retry")).isDisplayed()).isFalse();
  }

  @Test
  void shouldSendAMessageKeptFromBeforeAReloadExactlyOnceEvenWhenItIsSentAgain() {
    ChatPage page = browser(true).signIn(user("hugo"));
    String sessionId = page.startConversation("Bank representative");
    page.awaitConnection("connected");
    String keep = "sessionStorage.setItem('chat-relay:outbox:" + sessionId + "', JSON.stringify([{id: 'kept-1',"
        + " content: 'Kept across a reload', timestamp: new Date().toISOString()}]))";

    driver.executeScript(keep);
    driver.navigate().refresh();
    page.awaitMessage("assistant", answer(Persona.BankRep, "Kept across a reload"));

    // The same message once more, as if the page had not heard the acknowledgement: stored once all the same.
    driver.executeScript(keep);
    driver.navigate().refresh();
    page.awaitConnection("connected");
    page.until(d -> d.findElements(By.cssSelector("#outbox > li")).isEmpty()
        && driver.executeScript("return sessionStorage.length").equals(0L));
    assertThat(page.messages()).extracting(ChatPage.Shown::text)
        .containsExactly("Kept across a reload", answer(Persona.BankRep, "Kept across a reload"));
    assertThat(new ApiUser(stack.baseUrl(), page.cookie()).messages(sessionId)).hasSize(2);
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldWaitBeforeReconnectingWithExponentialBackoffAndFullJitter() {
    browser(true).signIn(user("ines")).startConversation("Bank representative");
    String src = driver.findElement(By.cssSelector("script[type=module]")).getAttribute("src")
        .replace("conversation.js", "backoff.js");

    Object delays = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "import(arguments[0]).then(m => done([0, 1, 2, 3, 4, 5, 10, 40].map(a => m.fullJitterDelay(a, () => 0.9999))"
        + ".concat([m.fullJitterDelay(3, () => 0)])))", src);

    assertThat((List<Object>) delays).containsExactly(499L, 999L, 1999L, 3999L, 7999L, 14998L, 14998L, 14998L, 0L);
  }

  static void assertNothingRan(WebDriver driver) {
    assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    assertThat(driver.findElements(By.cssSelector("#messages img, #messages script, #outbox img"))).isEmpty();
  }
}
