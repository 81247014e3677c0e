package io.chatrelay.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The chat pages as a browser without JavaScript sees them: HTML, form posts and 303 redirects. */
class PagesIT extends WithOneEdge {

  private static final Pattern NONCE = Pattern.compile("'nonce-([A-Za-z0-9+/=]+)'");
  private static final Pattern STYLESHEET =
      Pattern.compile("href=\"(/static/[0-9a-f]+/govuk/govuk-frontend.min.css)\"");

  private ApiClient.Response postForm(ApiClient browser, String path, Map<String, String> fields, String origin) {
    StringBuilder body = new StringBuilder();
    fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpRequest.Builder request = browser.request(path).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (origin != null) {
      request.header("Origin", origin);
    }
    return browser.send(request);
  }

  private String ownOrigin() {
    return "http://" + harness.baseUri().getHost() + ":" + harness.baseUri().getPort();
  }

  private ApiClient signedIn(String user) {
    ApiClient browser = harness.client();
    ApiClient.Response signIn = postForm(browser, "/sign-in", Map.of("userId", user), ownOrigin());
    assertThat(signIn.status()).isEqualTo(303);
    return browser;
  }

  @Test
  void shouldServeTheStartPageWithAFreshScriptNonceAndSecurityHeaders() {
    ApiClient.Response first = harness.client().get("/");
    ApiClient.Response second = harness.client().get("/");

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.contentType()).isEqualTo("text/html; charset=utf-8");
    String csp = first.header("Content-Security-Policy").orElseThrow();
    assertThat(csp).contains("default-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    Matcher nonce = NONCE.matcher(csp);
    assertThat(nonce.find()).isTrue();
    assertThat(first.body()).contains("<script nonce=\"" + nonce.group(1) + "\">")
        .contains("type=\"module\"", "nonce=\"" + nonce.group(1) + "\"", "action=\"/sign-in\"");
    assertThat(second.header("Content-Security-Policy").orElseThrow()).isNotEqualTo(csp);
    assertThat(first.header("X-Content-Type-Options")).contains("nosniff");
    assertThat(first.header("Referrer-Policy")).contains("same-origin");
    assertThat(first.header("Cache-Control")).contains("no-store");
  }

  @Test
  void shouldServeStaticFilesCachedForAYearUnderTheCurrentVersionOnly() {
    String page = harness.client().get("/").body();
    Matcher css = STYLESHEET.matcher(page);
    assertThat(css.find()).isTrue();
    ApiClient browser = harness.client();

    ApiClient.Response current = browser.get(css.group(1));
    ApiClient.Response old = browser.get(css.group(1).replaceFirst("/static/[0-9a-f]+/", "/static/0123456789ab/"));

    assertThat(current.status()).isEqualTo(200);
    assertThat(current.contentType()).startsWith("text/css");
    assertThat(current.header("Cache-Control")).contains("public, max-age=31536000, immutable");
    assertThat(current.header("X-Content-Type-Options")).contains("nosniff");
    assertThat(old.status()).isEqualTo(200);
    assertThat(old.header("Cache-Control")).contains("no-cache");
    String etag = current.header("ETag").orElseThrow();
    assertThat(browser.send(browser.request(css.group(1)).header("If-None-Match", etag).GET()).status())
        .isEqualTo(304);
    assertThat(browser.get(css.group(1).replace("govuk/govuk-frontend.min.css", "templates/layout.html"))
        .status()).isEqualTo(404);
  }

  @Test
  void shouldSignInWithTheCookieTheApiAccepts() {
    ApiClient browser = harness.client();
    String user = infra.uniqueName("page-user");

    ApiClient.Response signIn = postForm(browser, "/sign-in", Map.of("userId", user), ownOrigin());

    assertThat(signIn.status()).isEqualTo(303);
    assertThat(signIn.header("Location")).contains("/");
    assertThat(signIn.header("Set-Cookie").orElseThrow()).startsWith("session=").contains("HttpOnly", "SameSite=Lax");
    assertThat(browser.get("/api/v1/sessions").status()).isEqualTo(200);
    assertThat(browser.get("/").body()).contains("Signed in as <strong>" + user + "</strong>");
  }

  @Test
  void shouldRefuseAMalformedUserIdWithAnErrorSummaryAndNoCookie() {
    ApiClient.Response refused = postForm(harness.client(), "/sign-in", Map.of("userId", "<b>bad id</b>"),
        ownOrigin());

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.header("Set-Cookie")).isEmpty();
    assertThat(refused.body()).contains("<title>Error: ", "There is a problem", "href=\"#user-id\"",
        "govuk-input--error", "value=\"&lt;b&gt;bad id&lt;/b&gt;\"").doesNotContain("<b>bad id</b>");
  }

  @Test
  void shouldRefuseFormsPostedFromAnotherSite() {
    ApiClient.Response refused = postForm(harness.client(), "/sign-in", Map.of("userId", "mallory"),
        "https://evil.example");

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.contentType()).startsWith("text/html");
    assertThat(refused.body()).contains("You cannot do that from another website");
    assertThat(refused.header("Set-Cookie")).isEmpty();
  }

  @Test
  void shouldStartAConversationAndSendAMessageWithoutJavaScript() {
    ApiClient browser = signedIn(infra.uniqueName("nojs"));

    ApiClient.Response started = postForm(browser, "/conversations", Map.of("agentType", "TradeBodyRep"),
        ownOrigin());
    assertThat(started.status()).isEqualTo(303);
    String location = started.header("Location").orElseThrow();
    assertThat(location).matches("/conversations/[0-9a-f-]{36}");
    String sessionId = location.substring("/conversations/".length());
    assertThat(UUID.fromString(sessionId).version()).as("time-ordered session id").isEqualTo(7);

    ApiClient.Response sent = postForm(browser, location + "/messages",
        Map.of("message", "  Hello\r\n<script>alert(1)</script>  "), ownOrigin());
    assertThat(sent.status()).isEqualTo(303);
    assertThat(sent.header("Location")).contains(location + "#latest");

    String page = browser.get(location).body();
    assertThat(page).contains("Trade body representative", "Hello\n&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>alert(1)");
    JsonNode history = browser.get("/api/v1/sessions/" + sessionId + "/messages").json().get("messages");
    assertThat(history).hasSize(1);
    assertThat(history.get(0).get("content").asText()).isEqualTo("Hello\n<script>alert(1)</script>");
  }

  @Test
  void shouldStoreTheTextOnceWhenOneFormIsSentTwice() {
    ApiClient browser = signedIn(infra.uniqueName("twice"));
    String location = postForm(browser, "/conversations", Map.of("agentType", "BankRep"), ownOrigin())
        .header("Location").orElseThrow();
    String sessionId = location.substring("/conversations/".length());
    Matcher hidden = Pattern.compile("<input type=\"hidden\" name=\"formId\" value=\"([0-9a-f-]{36})\">")
        .matcher(browser.get(location).body());
    assertThat(hidden.find()).as("the form names itself").isTrue();
    String formId = hidden.group(1);

    // A double click, or a resubmission of the page an error left: the same form with the same text.
    ApiClient.Response first = postForm(browser, location + "/messages",
        Map.of("formId", formId, "message", "Can I close my account?"), ownOrigin());
    ApiClient.Response again = postForm(browser, location + "/messages",
        Map.of("formId", formId, "message", "Can I close my account?"), ownOrigin());
    // The text changed before it was sent again: a message of its own.
    ApiClient.Response edited = postForm(browser, location + "/messages",
        Map.of("formId", formId, "message", "Can I close my account today?"), ownOrigin());

    assertThat(List.of(first, again, edited)).allSatisfy(r -> assertThat(r.status()).isEqualTo(303));
    JsonNode history = browser.get("/api/v1/sessions/" + sessionId + "/messages").json().get("messages");
    assertThat(history).extracting(m -> m.get("content").asText())
        .containsExactly("Can I close my account?", "Can I close my account today?");
    assertThat(browser.get(location).body()).as("a new form after the redirect").doesNotContain(formId);
  }

  @Test
  void shouldReshowTheFormWithTheTextWhenAMessageIsTooLong() {
    ApiClient browser = signedIn(infra.uniqueName("long"));
    String location = postForm(browser, "/conversations", Map.of("agentType", "BankRep"), ownOrigin())
        .header("Location").orElseThrow();

    ApiClient.Response refused = postForm(browser, location + "/messages", Map.of("message", "x".repeat(1001)),
        ownOrigin());

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("Message must be 1000 characters or fewer", "govuk-textarea--error",
        ">" + "x".repeat(1001) + "</textarea>");
  }

  @Test
  void shouldAskForAnAgentWhenNoneIsChosen() {
    ApiClient browser = signedIn(infra.uniqueName("noagent"));

    ApiClient.Response refused = postForm(browser, "/conversations", Map.of(), ownOrigin());

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("Select who you want to talk to", "href=\"#agent-type-BankRep\"");
  }

  @Test
  void shouldShowPageNotFoundForAnotherPersonsConversation() {
    ApiClient owner = signedIn(infra.uniqueName("owner"));
    String location = postForm(owner, "/conversations", Map.of("agentType", "BankRep"), ownOrigin())
        .header("Location").orElseThrow();
    ApiClient other = signedIn(infra.uniqueName("other"));

    ApiClient.Response page = other.get(location);
    ApiClient.Response post = postForm(other, location + "/messages", Map.of("message", "hi"), ownOrigin());

    assertThat(page.status()).isEqualTo(404);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).contains("Page not found");
    assertThat(post.status()).isEqualTo(404);
  }

  @Test
  void shouldTreatAStaleCookieAsSignedOutAndClearIt() {
    ApiClient browser = harness.client().withCookie("v1.not-a-real.cookie");

    ApiClient.Response page = browser.get("/");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("action=\"/sign-in\"");
    assertThat(page.header("Set-Cookie").orElseThrow()).startsWith("session=;").contains("Max-Age=0");
    assertThat(harness.client().withCookie("v1.not-a-real.cookie").get("/conversations/"
        + UUID.randomUUID()).status()).isEqualTo(303);
  }

  @Test
  void shouldSignOutByClearingTheCookie() {
    ApiClient browser = signedIn(infra.uniqueName("leaver"));

    ApiClient.Response out = postForm(browser, "/sign-out", Map.of(), ownOrigin());

    assertThat(out.status()).isEqualTo(303);
    assertThat(out.header("Set-Cookie").orElseThrow()).startsWith("session=;").contains("Max-Age=0");
  }
}
