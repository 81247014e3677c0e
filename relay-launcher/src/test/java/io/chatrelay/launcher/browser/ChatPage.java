package io.chatrelay.launcher.browser;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What a person does on the chat pages, in the browser: by labels and button texts, as they would. */
final class ChatPage {

  static final Duration PATIENCE = Duration.ofSeconds(45);

  /** One message as shown in the list. */
  record Shown(long seq, String role, String author, String text) {}

  private final WebDriver driver;
  private final String baseUrl;

  ChatPage(WebDriver driver, String baseUrl) {
    this.driver = driver;
    this.baseUrl = baseUrl;
  }

  WebDriver driver() {
    return driver;
  }

  ChatPage openStart() {
    driver.get(baseUrl + "/");
    return this;
  }

  ChatPage signIn(String userId) {
    openStart();
    driver.findElement(By.id("user-id")).sendKeys(userId);
    button("Sign in").click();
    until(ExpectedConditions.textToBePresentInElementLocated(By.className("app-account__user"), userId));
    return this;
  }

  /** Starts a conversation with the agent whose radio has this label; returns its session id. */
  String startConversation(String agentLabel) {
    driver.findElement(By.xpath("//label[normalize-space()='" + agentLabel + "']")).click();
    button("Start conversation").click();
    until(ExpectedConditions.urlContains("/conversations/"));
    return sessionId();
  }

  String sessionId() {
    return driver.findElement(By.id("chat")).getAttribute("data-session-id");
  }

  String cookie() {
    return driver.manage().getCookieNamed("session").getValue();
  }

  WebElement messageBox() {
    return driver.findElement(By.id("message"));
  }

  /** Types into "Your message" and presses Enter, which sends. */
  void sendWithEnter(String text) {
    messageBox().sendKeys(text);
    messageBox().sendKeys(Keys.ENTER);
  }

  void sendWithButton(String text) {
    messageBox().sendKeys(text);
    button("Send message").click();
  }

  /**
   * Presses a button whose form the browser posts itself (no script takes it over) and waits for the page that
   * answers: a click can return before the browser has left the page it was on.
   */
  void submit(String buttonText) {
    WebElement before = driver.findElement(By.tagName("html"));
    button(buttonText).click();
    until(d -> gone(before));
  }

  /**
   * Whether an element's page has been replaced. Chromium reports an element of a document being torn down either
   * as stale or as a node that "does not belong to the document"; both mean the old page is gone.
   */
  private static boolean gone(WebElement element) {
    try {
      element.isEnabled();
      return false;
    } catch (StaleElementReferenceException e) {
      return true;
    } catch (WebDriverException e) {
      if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
        return true;
      }
      throw e;
    }
  }

  /** The message form without JavaScript: the browser posts it, and the server answers with a page. */
  void sendWithoutScript(String text) {
    messageBox().sendKeys(text);
    submit("Send message");
  }

  WebElement button(String text) {
    return driver.findElement(By.xpath("//button[normalize-space()='" + text + "']"));
  }

  List<Shown> messages() {
    return driver.findElements(By.cssSelector("#messages > li")).stream()
        .map(li -> new Shown(Long.parseLong(li.getAttribute("data-seq")), li.getAttribute("data-role"),
            li.findElement(By.className("app-message__author")).getText(),
            li.findElement(By.className("app-message__text")).getText()))
        .toList();
  }

  /** Waits until a message with exactly this text is shown, from the given role. */
  void awaitMessage(String role, String text) {
    until(d -> messages().stream().anyMatch(m -> m.role().equals(role) && m.text().equals(text)));
  }

  void awaitMessageCount(int count) {
    until(d -> messages().size() >= count);
  }

  /** Waits for the connection status to show this state (connecting, connected, reconnecting, disconnected). */
  void awaitConnection(String state) {
    until(ExpectedConditions.attributeToBe(By.id("connection-status"), "data-state", state));
  }

  String connectionText() {
    return driver.findElement(By.id("connection-status")).getText();
  }

  <T> T until(java.util.function.Function<WebDriver, T> condition) {
    // A page being replaced (a form's redirect, a refresh) leaves elements found on it stale: look again.
    return new WebDriverWait(driver, PATIENCE, Duration.ofMillis(100))
        .ignoring(StaleElementReferenceException.class).until(condition::apply);
  }
}
