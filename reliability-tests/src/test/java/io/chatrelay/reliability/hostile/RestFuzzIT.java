package io.chatrelay.reliability.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.edge.EdgeService;
import io.chatrelay.reliability.testing.Browser;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.Inputs;
import io.chatrelay.reliability.testing.ReliabilityStack;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated request bodies, query parameters, cookies and path segments against the REST API: every answer is a
 * success or a 4xx problem, never a 5xx, never a hang, and a cookie nobody signed is never accepted.
 */
class RestFuzzIT {

  private static final ConcurrentMap<String, AtomicInteger> STATUSES = new ConcurrentHashMap<>();

  private static EdgeService edge;
  private static String base;
  private static Browser browser;
  private static String session;

  @BeforeContainer
  static void startEdge() {
    // Valid messages after the first are refused as rate limited rather than stored and answered.
    edge = ReliabilityStack.shared().startEdge(Map.of("RATE_LIMIT_MESSAGES_PER_SECOND", "0.001",
        "RATE_LIMIT_BURST", "1"));
    base = edge.baseUri().toString().replaceAll("/$", "");
    browser = new Browser(base);
    session = browser.openSession("rest-fuzz-" + UUID.randomUUID().toString().substring(0, 8),
        ReliabilityStack.BANK);
  }

  @AfterContainer
  static void stopEdge() {
    Figures.report("13-fuzz-rest", "answers by input and status %s",
        new TreeMap<>(Map.copyOf(STATUSES)).toString().replace("=", ": "));
    edge.close();
  }

  @Provide
  Arbitrary<String> bodies() {
    return Inputs.messageBodies();
  }

  @Provide
  Arbitrary<String> values() {
    return Inputs.queryValues();
  }

  @Provide
  Arbitrary<String> cookies() {
    return Inputs.cookies();
  }

  @Provide
  Arbitrary<String> segments() {
    return Arbitraries.oneOf(Inputs.text(80), Arbitraries.just(UUID.randomUUID().toString()),
        Arbitraries.of("..", "%2e%2e", "../../etc/passwd", "' OR 1=1 --", "<script>"));
  }

  @Property(tries = 10_000)
  void shouldAnswerAnyMessageBodyWithoutAServerError(@ForAll("bodies") String body) {
    Browser.Answer answer = browser.post("/api/v1/sessions/" + session + "/messages", body);
    check("message body", answer);
  }

  @Property(tries = 10_000)
  void shouldAnswerAnyHistoryQueryWithoutAServerError(@ForAll("values") String limit,
      @ForAll("values") String before) {
    Browser.Answer answer = browser.get("/api/v1/sessions/" + session + "/messages?limit=" + encode(limit)
        + "&before=" + encode(before));
    check("history query", answer);
    assertThat(answer.status()).isIn(200, 400);
  }

  @Property(tries = 10_000)
  void shouldRefuseAnyUnsignedCookie(@ForAll("cookies") String cookie) {
    Browser.Answer answer = new Browser(base, cookie).get("/api/v1/sessions");
    check("cookie", answer);
    // An empty cookie is no cookie (signed out); anything else nobody signed is refused.
    assertThat(answer.status()).isEqualTo(401);
  }

  @Property(tries = 2_000)
  void shouldAnswerAnySessionBodyWithoutAServerError(@ForAll("bodies") String body) {
    check("session body", browser.post("/api/v1/sessions", body));
  }

  @Property(tries = 2_000)
  void shouldAnswerAnySessionPathWithoutAServerError(@ForAll("segments") String segment) {
    Browser.Answer answer = browser.get("/api/v1/sessions/" + encode(segment));
    check("session path", answer);
    assertThat(answer.status()).isIn(400, 404);
  }

  private static void check(String input, Browser.Answer answer) {
    STATUSES.computeIfAbsent(input + " " + answer.status(), k -> new AtomicInteger()).incrementAndGet();
    assertThat(answer.status()).as("%s: %s", input, answer.body()).isBetween(200, 499);
    if (answer.status() >= 400) {
      assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
      assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at io.");
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
