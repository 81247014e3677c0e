package io.chatrelay.edge;

import io.chatrelay.edge.api.ApiHandler.Access;
import io.chatrelay.edge.api.ApiHandler;
import io.chatrelay.edge.api.EdgeMetrics;
import io.chatrelay.edge.api.AnswersResource;
import io.chatrelay.edge.api.Endpoint;
import io.chatrelay.edge.api.MessagesResource;
import io.chatrelay.edge.api.OpsHandlers;
import io.chatrelay.edge.api.RootHandler;
import io.chatrelay.edge.api.Routes;
import io.chatrelay.edge.api.SessionsResource;
import io.chatrelay.edge.auth.ClientAddress;
import io.chatrelay.edge.auth.Identity;
import io.chatrelay.edge.auth.MessageRateLimit;
import io.chatrelay.edge.auth.OriginCheck;
import io.chatrelay.edge.auth.RateLimit;
import io.chatrelay.edge.auth.SessionAdmission;
import io.chatrelay.edge.auth.SessionCookies;
import io.chatrelay.edge.auth.SignedOutCookies;
import io.chatrelay.edge.live.LiveRelay;
import io.chatrelay.edge.log.ChatLog;
import io.chatrelay.edge.page.ChatPages;
import io.chatrelay.edge.views.ReadYourWrites;
import io.chatrelay.edge.views.ViewReader;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.util.HttpString;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The edge's HTTP surface as one Undertow handler. {@link EdgeService} serves it; tests build it the same way.
 *
 * <pre>
 * POST   /api/v1/sessions                 create (signs the caller in when needed)
 * GET    /api/v1/sessions                 the caller's sessions
 * GET    /api/v1/sessions/{id}            one session
 * DELETE /api/v1/sessions/{id}            delete
 * GET    /api/v1/sessions/{id}/messages   history page (?limit=1..100&amp;before=seq)
 * POST   /api/v1/sessions/{id}/messages   send a message
 * POST   /api/v1/sessions/{id}/messages/{messageId}/cancel     stop the answer to that message
 * POST   /api/v1/sessions/{id}/messages/{messageId}/feedback   rate its answer {rating, comment?}
 * GET    /api/v1/sessions/{id}/ws         the browser WebSocket (?lastSeq=N resumes), see {@link LiveRelay}
 * GET    /health/live                     liveness, for a load balancer in front of the public port
 * GET    /, /conversations/{id}, ...    the chat pages, see {@link ChatPages}
 * </pre>
 */
public final class EdgeRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(EdgeRoutes.class);

  /**
   * What the routes run on; {@link EdgeService} owns and closes all of it.
   *
   * @param readYourWrites how writes wait for the views (built on the projection watcher)
   * @param live the browser WebSocket: its handler, and its sockets (closed on sign-out)
   * @param signedOut the sign-ins signed out, whose cookies every instance refuses
   */
  public record Components(ChatLog chatLog, ViewReader views, ReadYourWrites readYourWrites,
      PrometheusMeterRegistry registry, Clock clock, LiveRelay live, SignedOutCookies signedOut) {

    public Components {
      Objects.requireNonNull(chatLog, "chatLog");
      Objects.requireNonNull(views, "views");
      Objects.requireNonNull(readYourWrites, "readYourWrites");
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(live, "live");
      Objects.requireNonNull(signedOut, "signedOut");
    }
  }

  private static final HttpString STRICT_TRANSPORT_SECURITY = new HttpString("Strict-Transport-Security");

  private EdgeRoutes() {}

  /** @param config with the port the listener got: the edge's own origin names it */
  public static HttpHandler handler(EdgeConfig config, Components c) {
    SignInSettings signIn = config.signIn();
    SessionCookies cookies = new SessionCookies(signIn.sessionSecret(), config.mode().name(), signIn.sessionTtl(),
        signIn.cookieSecure(), c.clock());
    Identity identity = new Identity(config.devMode(), signIn.authProxy(), cookies, c.signedOut()::isRevoked);
    OriginCheck origins = new OriginCheck(config.ownOrigins(config.httpPort()), signIn.allowedOrigins());
    // Per address as well as per user: guests are free to mint, addresses are not.
    SessionAdmission admission = new SessionAdmission(
        RateLimit.perMinute(config.limits().signInsPerIpPerMinute(), c.clock()),
        RateLimit.perMinute(config.limits().sessionsPerIpPerMinute(), c.clock()),
        config.limits().maxOpenSessionsPerUser(), c.views());
    SessionsResource sessions = new SessionsResource(identity, cookies, c.chatLog(), c.readYourWrites(), c.views(),
        config.defaultAgentType(), admission, c.clock());
    // One set of message limits for the WebSocket, REST and the page alike.
    MessageRateLimit rateLimit = new MessageRateLimit(
        new RateLimit(config.live().messagesPerSecond(), config.live().burst(), c.clock()),
        new RateLimit(config.live().ipMessagesPerSecond(), config.live().ipBurst(), c.clock()));
    MessagesResource messages = new MessagesResource(c.chatLog(), c.live().keyedMessages(), c.readYourWrites(),
        c.views(), rateLimit, cookies, c.clock());
    AnswersResource answers = new AnswersResource(c.chatLog(), c.live().keyedMessages(), c.views(), rateLimit,
        c.clock());
    Api api = new Api(identity, origins, c.readYourWrites());

    Routes routes = new Routes()
        .add("POST", "/api/v1/sessions", api.withBody(Access.ANYONE, sessions::create))
        .add("GET", "/api/v1/sessions", api.noBody(sessions::list))
        .add("GET", "/api/v1/sessions/{id}", api.noBody(sessions::get))
        .add("DELETE", "/api/v1/sessions/{id}", api.noBody(sessions::delete))
        .add("GET", "/api/v1/sessions/{id}/messages", api.noBody(messages::list))
        .add("POST", "/api/v1/sessions/{id}/messages", api.withBody(Access.SIGNED_IN, messages::send))
        .add("POST", "/api/v1/sessions/{id}/messages/{messageId}/cancel", api.withBody(Access.SIGNED_IN,
            answers::cancel))
        .add("POST", "/api/v1/sessions/{id}/messages/{messageId}/feedback", api.withBody(Access.SIGNED_IN,
            answers::feedback))
        .add("GET", "/api/v1/sessions/{id}/ws", c.live().handler(identity, origins, c.views(), rateLimit))
        // Only liveness here, for a load balancer that probes the public port. Readiness and metrics describe
        // the inside of the service and are served on the ops listener (EdgeService), not to browsers.
        .add("GET", "/health/live", OpsHandlers.live());
    ChatPages.addTo(routes, new ChatPages.Services(identity, cookies, origins, c.chatLog(), c.live().keyedMessages(),
        c.views(), c.readYourWrites(), rateLimit, admission, config.devMode(), c.clock(),
        caller -> signOut(c.signedOut(), caller)));
    // Behind a trusted proxy every request comes from the proxy; the per-address limits need the client's own.
    HttpHandler root = ClientAddress.resolving(signIn.trustedProxies(),
        new RootHandler(routes.build(), new EdgeMetrics(c.registry())));
    if (!signIn.cookieSecure()) {
      return root;
    }
    // Served over HTTPS (the Secure cookie says so): browsers must never try plain HTTP here again, where the
    // first request of a typed address could be intercepted before any redirect.
    return exchange -> {
      exchange.getResponseHeaders().put(STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
      root.handleRequest(exchange);
    };
  }

  /** Ends a cookie's sign-in everywhere; its sockets close as each instance learns of it (this one at once). */
  private static void signOut(SignedOutCookies signedOut, Identity.Caller caller) {
    if (caller.source() != Identity.Source.COOKIE) {
      return; // a proxy's user is signed out at the proxy
    }
    try {
      SessionCookies.SignIn signIn = caller.signIn().orElseThrow();
      signedOut.signOut(caller.userId(), signIn.signInId(), signIn.expiresAt());
    } catch (JedisException e) {
      // This instance refuses the cookie already, and the browser forgets it; other instances cannot be told.
      LOG.warn("sign-out of userId={} not shared with other instances: {}", caller.userId(), e.getMessage());
    }
  }

  private record Api(Identity identity, OriginCheck origins, ReadYourWrites readYourWrites) {

    HttpHandler withBody(Access access, Endpoint endpoint) {
      return new ApiHandler(access, true, endpoint, identity, origins, readYourWrites);
    }

    HttpHandler noBody(Endpoint endpoint) {
      return new ApiHandler(Access.SIGNED_IN, false, endpoint, identity, origins, readYourWrites);
    }
  }
}
