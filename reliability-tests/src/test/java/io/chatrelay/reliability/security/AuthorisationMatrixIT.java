package io.chatrelay.reliability.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.edge.EdgeService;
import io.chatrelay.edge.auth.SessionCookies;
import io.chatrelay.reliability.testing.Browser;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.ReliabilityStack;
import io.chatrelay.testing.Handshake;
import io.chatrelay.testing.LiveSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route and the WebSocket, asked with every kind of bad credential and origin, against an edge in production
 * mode: each gets the refusal it should, and a session of someone else is answered exactly like one that does not
 * exist, so no answer tells whether it does.
 */
class AuthorisationMatrixIT {

  private static final String SECRET = "reliability-production-secret-0123456789abcdef";
  private static final String FOREIGN = "https://attacker.example";
  /** The edge's public origin: where its pages are, as a browser sees it (behind an HTTPS proxy). */
  private static final String PAGE = "https://chat.example";
  /** COOKIE_SECURE=true names the cookie for HTTPS only. */
  private static final String COOKIE = "__Host-session";

  private static final AtomicInteger PROBES = new AtomicInteger();
  private static EdgeService edge;
  private static String base;
  private static Browser owner;
  private static Browser other;
  private static String session;
  private static String ownerUserId;
  private static String otherUserId;

  /** What a caller presents. */
  enum Credential { OWNER, NONE, TAMPERED, FORGED_USER, EXPIRED, OTHER_USER }

  /** Where the request claims to come from. */
  enum Origin { OWN, FOREIGN, MISSING }

  @BeforeAll
  static void startProductionEdge() {
    edge = ReliabilityStack.shared().startEdge(Map.of("RELAY_MODE", "production", "SESSION_SECRET", SECRET,
        "COOKIE_SECURE", "true", "PUBLIC_ORIGIN", PAGE));
    base = edge.baseUri().toString().replaceAll("/$", "");
    owner = browser(null);
    session = owner.openSession(null, "BankRep");
    ownerUserId = owner.get("/api/v1/sessions/" + session).json().get("userId").asText();
    other = browser(null);
    String others = other.openSession(null, "BankRep");
    otherUserId = other.get("/api/v1/sessions/" + others).json().get("userId").asText();
  }

  @AfterAll
  static void stopEdge() {
    edge.close();
  }

  @Test
  void shouldRefuseEveryBadCredentialAndOriginOnEveryRouteWithoutRevealingOtherUsersSessions() {
    String missing = UUID.randomUUID().toString();
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (Route route : routes()) {
      for (Credential credential : Credential.values()) {
        for (Origin origin : Origin.values()) {
          Browser.Answer onReal = route.call(credential, origin, session);
          int expected = expected(route, credential, origin);
          checked++;
          if (onReal.status() != expected) {
            wrong.add(route.name + " " + credential + " origin=" + origin + ": " + onReal.status() + " (expected "
                + expected + ") " + onReal.body());
            continue;
          }
          if (expected >= 400) {
            assertThat(onReal.header("Content-Type")).as(route.name + " " + credential)
                .startsWith("application/problem+json");
            assertThat(onReal.body()).doesNotContain(ownerUserId);
          }
          if (route.sessionScoped && credential != Credential.OWNER) {
            // A refusal about someone else's session must be indistinguishable from one about no session at all.
            Browser.Answer onMissing = route.call(credential, origin, missing);
            checked++;
            if (onMissing.status() != onReal.status()
                || !onMissing.body().replace(missing, "ID").equals(onReal.body().replace(session, "ID"))) {
              wrong.add(route.name + " " + credential + " origin=" + origin + " leaks existence: " + onReal.status()
                  + " " + onReal.body() + " vs missing " + onMissing.status() + " " + onMissing.body());
            }
          }
        }
      }
    }
    // The refusals changed nothing: the owner's session is still there, and nobody else lists it.
    assertThat(owner.get("/api/v1/sessions/" + session).status()).isEqualTo(200);
    assertThat(other.get("/api/v1/sessions").body()).doesNotContain(session);
    // Only the owner's own send from its page's origin was stored: with the cookie and no Origin it is refused.
    assertThat(owner.history(session)).filteredOn(m -> "matrix probe".equals(m.path("content").asText()))
        .hasSize(1);
    Figures.report("14-auth-matrix", "%d route x credential x origin requests, %d wrong answers, %d existence "
        + "leaks", checked, wrong.size(), wrong.stream().filter(w -> w.contains("leaks")).count());
    assertThat(wrong).isEmpty();
  }

  @Test
  void shouldTreatBadCredentialsAsSignedOutOnThePagesAndOtherUsersConversationsAsMissing() {
    String missing = UUID.randomUUID().toString();
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (Credential credential : Credential.values()) {
      for (Origin origin : Origin.values()) {
        boolean signedOut = credential != Credential.OWNER && credential != Credential.OTHER_USER;
        // Reading a conversation: a page never refuses a stale cookie with an error, it signs the visitor out.
        int read = credential == Credential.OWNER ? 200 : credential == Credential.OTHER_USER ? 404 : 303;
        int write = refusedAsCrossSite(credential, origin) ? 403 : signedOut ? 303
            : credential == Credential.OTHER_USER ? 404 : 303;
        int signOut = refusedAsCrossSite(credential, origin) ? 403 : 303;
        for (var call : List.of(
            Map.entry(read, (Call) (c, o, s) -> request("GET", "/conversations/" + s, null, c, o)),
            Map.entry(write, (Call) (c, o, s) -> form("/conversations/" + s + "/messages", "message=page+probe", c, o)),
            Map.entry(signOut, (Call) (c, o, s) -> form("/sign-out", "", signOutProbe(credential, c), o)))) {
          Browser.Answer real = call.getValue().call(cookie(credential), origin(origin), session);
          checked++;
          if (real.status() != call.getKey()) {
            wrong.add(credential + " origin=" + origin + ": " + real.status() + " (expected " + call.getKey() + ")");
          } else if (credential == Credential.OTHER_USER) {
            Browser.Answer none = call.getValue().call(cookie(credential), origin(origin), missing);
            if (none.status() != real.status() || !withoutNonces(none.body()).replace(missing, "ID")
                .equals(withoutNonces(real.body()).replace(session, "ID"))) {
              wrong.add(credential + " origin=" + origin + " leaks existence: " + real.status() + " vs "
                  + none.status());
            }
          }
        }
      }
    }
    Figures.report("14-auth-matrix-pages", "%d page requests (conversation, its form, sign-out) x credential x "
        + "origin, %d wrong answers", checked, wrong.size());
    assertThat(wrong).isEmpty();
  }

  @Test
  void shouldRefuseEveryBadCredentialAndOriginOnTheWebSocketHandshake() {
    Map<String, Integer> expected = new LinkedHashMap<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (Credential credential : Credential.values()) {
      for (Origin origin : Origin.values()) {
        String key = credential + " origin=" + origin;
        int want = credential == Credential.OWNER && origin == Origin.OWN ? 101
            : origin != Origin.OWN ? 403
            : credential == Credential.OTHER_USER ? 404 : 401;
        Handshake<LiveSocket> real = handshake(credential, origin, session);
        expected.put(key, want);
        seen.put(key, real.upgraded() ? 101 : real.refusedStatus());
        if (real.upgraded()) {
          real.socket().close();
        }
        if (credential == Credential.OTHER_USER && origin == Origin.OWN) {
          Handshake<LiveSocket> none = handshake(credential, origin, UUID.randomUUID().toString());
          assertThat(none.refusedStatus()).as("another user's session is answered like a missing one")
              .isEqualTo(real.refusedStatus());
        }
      }
    }
    Figures.report("14-auth-matrix-ws", "%d handshakes, %d answered as expected", seen.size(),
        seen.entrySet().stream().filter(e -> e.getValue().equals(expected.get(e.getKey()))).count());
    assertThat(seen).isEqualTo(expected);
  }

  @Test
  void shouldSetTheSessionCookieHttpOnlySameSiteSecureAndRefuseAChosenUserIdInProduction() {
    Browser guest = browser(null);
    guest.openSession(null, "TradeBodyRep");
    String setCookie = guest.lastSetCookie();
    assertThat(setCookie).startsWith(COOKIE + "=").doesNotContain("Domain").contains("HttpOnly").contains("Secure").contains("Path=/")
        .containsPattern("SameSite=(Lax|Strict)").containsPattern("Max-Age=[1-9][0-9]*");
    Browser.Answer chosen = browser(null).post("/api/v1/sessions",
        "{\"userId\":\"" + ownerUserId + "\",\"metadata\":{\"agentType\":\"BankRep\"}}");
    assertThat(chosen.status()).isEqualTo(403);
    assertThat(chosen.header("Set-Cookie")).isNull();
  }

  @Test
  void shouldCloseTheUsersSocketsWithinASecondOfSigningOut() throws Exception {
    Browser leaving = browser(null);
    String mine = leaving.openSession(null, "BankRep");
    try (LiveSocket first = socket(mine, leaving.cookie());
         LiveSocket second = socket(mine, leaving.cookie());
         LiveSocket bystander = socket(session, owner.cookie())) {
      long start = System.nanoTime();
      String copied = leaving.cookie();
      Browser.Answer out = leaving.postForm("/sign-out", "");
      assertThat(out.status()).isEqualTo(303);
      assertThat(leaving.cookie()).as("the cookie is cleared").isNull();
      assertThat(browser(copied).get("/api/v1/sessions").status()).as("a copy of it is refused")
          .isEqualTo(401);
      int firstCode = first.closed().get(1, TimeUnit.SECONDS).code();
      int secondCode = second.closed().get(1, TimeUnit.SECONDS).code();
      long millis = Math.max(first.closedNanos(), second.closedNanos()) - start;
      Figures.report("14-sign-out", "both sockets closed (%d, %d) %d ms after the sign-out request; another "
          + "user's socket stayed open", firstCode, secondCode, millis / 1_000_000);
      assertThat(firstCode).isEqualTo(1000);
      assertThat(bystander.closeCode()).isNull();
      bystander.sendMessage("still-here", "Still connected?");
      assertThat(bystander.next(LiveSocket.answerTo("still-here"), Duration.ofSeconds(20)).path("type").asText())
          .isEqualTo("ack");
    }
  }

  // ---- the matrix

  private static int expected(Route route, Credential credential, Origin origin) {
    if (route.writes && refusedAsCrossSite(credential, origin)) {
      return 403;
    }
    return switch (credential) {
      case OWNER -> route.ownerStatus;
      case NONE -> route.name.equals("create") ? 201 : 401;
      case TAMPERED, FORGED_USER, EXPIRED -> 401;
      case OTHER_USER -> route.sessionScoped ? 404 : route.ownerStatus;
    };
  }

  /** One route, called with a credential and origin on a session id. */
  private record Route(String name, boolean sessionScoped, boolean writes, int ownerStatus, Call call) {
    Browser.Answer call(Credential credential, Origin origin, String sessionId) {
      return call.call(cookie(credential), origin(origin), sessionId);
    }
  }

  @FunctionalInterface
  private interface Call {
    Browser.Answer call(String cookie, String origin, String sessionId);
  }

  private static List<Route> routes() {
    return List.of(
        new Route("list", false, false, 200, (c, o, s) -> request("GET", "/api/v1/sessions", null, c, o)),
        new Route("create", false, true, 201, (c, o, s) -> request("POST", "/api/v1/sessions",
            "{\"metadata\":{\"agentType\":\"BankRep\"}}", c, o)),
        new Route("get", true, false, 200, (c, o, s) -> request("GET", "/api/v1/sessions/" + s, null, c, o)),
        new Route("history", true, false, 200, (c, o, s) -> request("GET", "/api/v1/sessions/" + s
            + "/messages?limit=5", null, c, o)),
        new Route("send", true, true, 200, (c, o, s) -> request("POST", "/api/v1/sessions/" + s + "/messages",
            "{\"content\":\"matrix probe\"}", c, o)),
        // DELETE by the owner would end the session under test: its success is checked once at the end instead.
        new Route("delete", true, true, -1, (c, o, s) -> c != null && c.equals(owner.cookie()) && PAGE.equals(o)
            ? new Browser.Answer(-1, null, "") : request("DELETE", "/api/v1/sessions/" + s, null, c, o)));
  }

  private static Browser.Answer request(String method, String path, String body, String cookie, String origin) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (origin != null) {
      headers.put("Origin", origin);
    }
    return browser(cookie).call(method, path, body, body == null ? null : "application/json", headers);
  }

  private static Browser.Answer form(String path, String body, String cookie, String origin) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (origin != null) {
      headers.put("Origin", origin);
    }
    return browser(cookie).call("POST", path, body, "application/x-www-form-urlencoded", headers);
  }

  /**
   * A write a browser could have been made to send by another site: a foreign {@code Origin}, or the cookie with no
   * {@code Origin} at all (the matrix sends no {@code Sec-Fetch-Site}).
   */
  private static boolean refusedAsCrossSite(Credential credential, Origin origin) {
    return origin == Origin.FOREIGN || (origin == Origin.MISSING && credential != Credential.NONE);
  }

  private static Browser browser(String cookie) {
    return new Browser(base, PAGE, COOKIE, cookie);
  }

  private static LiveSocket socket(String sessionId, String cookie) {
    return LiveSocket.open(LiveSocket.uri(URI.create(base), sessionId),
        Map.of("Cookie", COOKIE + "=" + cookie, "Origin", PAGE));
  }

  /** A page's script nonce differs on every response; nothing else should. */
  private static String withoutNonces(String html) {
    return html.replaceAll("nonce=\"[^\"]*\"", "nonce");
  }

  private static Handshake<LiveSocket> handshake(Credential credential, Origin origin, String sessionId) {
    Map<String, String> headers = new LinkedHashMap<>();
    String cookie = cookie(credential);
    if (cookie != null) {
      headers.put("Cookie", COOKIE + "=" + cookie);
    }
    if (origin(origin) != null) {
      headers.put("Origin", origin(origin));
    }
    return LiveSocket.attempt(LiveSocket.uri(URI.create(base), sessionId), headers);
  }

  private static String origin(Origin origin) {
    return switch (origin) {
      case OWN -> PAGE;
      case FOREIGN -> FOREIGN;
      case MISSING -> null;
    };
  }

  private static String cookie(Credential credential) {
    String good = owner.cookie();
    return switch (credential) {
      case OWNER -> good;
      case NONE -> null;
      case TAMPERED -> good.substring(0, good.length() - 2) + (good.endsWith("A") ? "BB" : "AA");
      case FORGED_USER -> forgedUser(good, other.cookie());
      case EXPIRED -> new SessionCookies(SECRET, "PRODUCTION", Duration.ofHours(1), true,
          Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC)).sign(ownerUserId);
      case OTHER_USER -> other.cookie();
    };
  }

  /**
   * What a sign-out is tried with. A sign-out ends the sign-in it is made with, so a user's is tried with another
   * sign-in of that user (a cookie of another expiry), and the cookies the other checks use stay valid.
   */
  private static String signOutProbe(Credential credential, String cookie) {
    String user = credential == Credential.OWNER ? ownerUserId : credential == Credential.OTHER_USER ? otherUserId
        : null;
    return user == null ? cookie : new SessionCookies(SECRET, "PRODUCTION", Duration.ofMinutes(10 + PROBES.incrementAndGet()),
        true, Clock.systemUTC()).sign(user);
  }

  /** The other user's payload under the owner's signature: a valid MAC, but not for this content. */
  private static String forgedUser(String ownerCookie, String otherCookie) {
    String[] mine = ownerCookie.split("\\.");
    String[] theirs = otherCookie.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(theirs[1]), StandardCharsets.UTF_8);
    assertThat(payload).contains("|");
    return mine[0] + "." + theirs[1] + "." + mine[2];
  }
}
