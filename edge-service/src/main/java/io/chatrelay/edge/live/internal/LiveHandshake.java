package io.chatrelay.edge.live.internal;

import io.chatrelay.edge.api.Problem;
import io.chatrelay.edge.api.Problems;
import io.chatrelay.edge.api.RequestRules;
import io.chatrelay.edge.auth.ClientAddress;
import io.chatrelay.edge.auth.Identity;
import io.chatrelay.edge.auth.OriginCheck;
import io.chatrelay.edge.auth.SessionCookies;
import io.chatrelay.edge.live.LiveSettings;
import io.chatrelay.edge.views.SessionView;
import io.chatrelay.edge.views.ViewReader;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.Topics;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import io.undertow.util.StatusCodes;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.time.Duration;
import java.util.Deque;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * {@code GET /api/v1/sessions/{id}/ws}: upgrades only a signed-in caller, from a page of an allowed origin, on a
 * session it owns; anything else is refused as a problem with no upgrade. A browser always sends {@code Origin} with
 * a WebSocket handshake and the cookie rides along whichever site opened the socket, so a missing or foreign origin
 * is refused: that is the defence against cross-site WebSocket hijacking.
 */
final class LiveHandshake implements HttpHandler, WebSocketConnectionCallback {

  private static final Logger LOG = LoggerFactory.getLogger(LiveHandshake.class);
  private static final AttachmentKey<Accepted> ACCEPTED = AttachmentKey.create(Accepted.class);
  private static final Pattern LAST_SEQ = Pattern.compile("-1|[0-9]{1,18}");
  /** Seconds a client turned away for lack of room should wait. */
  static final long FULL_RETRY_AFTER_SECONDS = 5;
  /** How long a handshake waits for the live feed to follow its partition (one round trip to the brokers, usually). */
  static final Duration FOLLOW_TIMEOUT = Duration.ofSeconds(5);

  private record Accepted(LiveConnection.Target target, OptionalLong lastSeq, LiveFeed.Hold hold) {}

  private final Identity identity;
  private final OriginCheck origins;
  private final ViewReader views;
  private final LiveConnection.Shared shared;
  private final Resume resume;
  private final Executor resumeThreads;
  private final WebSocketProtocolHandshakeHandler upgrade;

  LiveHandshake(Identity identity, OriginCheck origins, ViewReader views, LiveConnection.Shared shared,
      Resume resume, Executor resumeThreads) {
    this.identity = Objects.requireNonNull(identity, "identity");
    this.origins = Objects.requireNonNull(origins, "origins");
    this.views = Objects.requireNonNull(views, "views");
    this.shared = Objects.requireNonNull(shared, "shared");
    this.resume = Objects.requireNonNull(resume, "resume");
    this.resumeThreads = Objects.requireNonNull(resumeThreads, "resumeThreads");
    this.upgrade = new WebSocketProtocolHandshakeHandler(this, LiveHandshake::notWebSocket);
  }

  /** On the I/O thread: the checks that need no I/O; the ownership read and the upgrade run on a worker. */
  @Override
  public void handleRequest(HttpServerExchange exchange) {
    Identity.Caller caller;
    String sessionId;
    OptionalLong lastSeq;
    try {
      requireWebSocket(exchange);
      requireOrigin(exchange);
      caller = signedIn(exchange);
      sessionId = RequestRules.requireSessionId(pathParam(exchange, "id"));
      lastSeq = lastSeq(exchange);
    } catch (Problem problem) {
      Problems.send(exchange, problem);
      return;
    }
    String address = ClientAddress.of(exchange);
    Connections.Refusal refusal = shared.connections().tryTakeSlot(caller.userId(), address);
    if (refusal != Connections.Refusal.NONE) {
      Problems.send(exchange, refused(refusal, sessionId, caller.userId()));
      return;
    }
    exchange.addExchangeCompleteListener((ex, next) -> {
      if (ex.getStatusCode() != StatusCodes.SWITCHING_PROTOCOLS) {
        shared.connections().giveBackSlot(caller.userId(), address);
        Accepted accepted = ex.getAttachment(ACCEPTED);
        if (accepted != null) {
          accepted.hold().close();
        }
      }
      next.proceed();
    });
    exchange.dispatch(exchange.getConnection().getWorker(), () -> upgradeIfOwned(exchange, caller, sessionId,
        lastSeq, address));
  }

  /**
   * A full instance is the server's limit (503, retry soon, perhaps elsewhere); a full user or address is the
   * client's own doing (429: close other tabs first), so a load balancer does not take it for a sick instance.
   */
  private Problem refused(Connections.Refusal refusal, String sessionId, String userId) {
    LiveSettings settings = shared.settings();
    return switch (refusal) {
      case USER_FULL -> {
        LOG.debug("refused a socket for sessionId={}: userId={} has {} open", sessionId, userId,
            settings.maxConnectionsPerUser());
        yield Problem.limited("too-many-connections", "Too many live connections",
            "You have " + settings.maxConnectionsPerUser() + " live connections open; close some tabs.",
            FULL_RETRY_AFTER_SECONDS);
      }
      case ADDRESS_FULL -> {
        LOG.warn("refused a socket for sessionId={}: its address has {} open", sessionId,
            settings.maxConnectionsPerIp());
        yield Problem.limited("too-many-connections", "Too many live connections",
            "Too many live connections are open from your network.", FULL_RETRY_AFTER_SECONDS);
      }
      default -> {
        LOG.warn("refused a socket for sessionId={}: {} sockets open, the most this instance takes", sessionId,
            settings.maxConnections());
        yield Problem.unavailable("This server has no room for another live connection right now. Please retry.",
            FULL_RETRY_AFTER_SECONDS);
      }
    };
  }

  private void upgradeIfOwned(HttpServerExchange exchange, Identity.Caller caller, String sessionId,
      OptionalLong lastSeq, String address) {
    try {
      SessionView session = views.requireOwnedSession(sessionId, caller.userId());
      AgentType agentType = AgentType.parse(session.metadata().agentType()).orElse(null);
      SessionCookies.SignIn signIn = caller.signIn().orElseThrow();
      LiveFeed.Hold hold = shared.feed().hold(sessionId);
      exchange.putAttachment(ACCEPTED, new Accepted(new LiveConnection.Target(sessionId, caller.userId(), agentType,
          signIn.signInId(), signIn.expiresAt(), address), lastSeq, hold));
      awaitFollowed(hold, sessionId);
      upgrade.handleRequest(exchange);
    } catch (Problem problem) {
      Problems.send(exchange, problem);
    } catch (Exception e) {
      LOG.error("handshake of sessionId={} failed", sessionId, e);
      Problems.send(exchange, Problem.internal());
    }
  }

  /**
   * On the worker, before the 101: the browser may act as soon as it sees the upgrade, so the session's partition is
   * followed by then, as it was when the feed followed every partition. Usually at once, else one round trip.
   */
  private static void awaitFollowed(LiveFeed.Hold hold, String sessionId) {
    try {
      hold.followed().toCompletableFuture().get(FOLLOW_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw noLiveFeed();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("refused a socket for sessionId={}: the live feed does not follow its partition: {}", sessionId,
          e.toString());
      throw noLiveFeed();
    }
  }

  private static Problem noLiveFeed() {
    return Problem.unavailable("Live events are not available right now. Please retry.", FULL_RETRY_AFTER_SECONDS);
  }

  /** After the 101: the socket joins the live feed first, then a resume thread sends what it missed. */
  @Override
  public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
    Accepted accepted = exchange.getAttachment(ACCEPTED);
    LiveConnection socket = new LiveConnection(ClientChannel.of(channel), accepted.target(),
        accepted.lastSeq().orElse(-1), shared);
    channel.getCloseSetter().set(closed -> socket.onChannelClosed());
    channel.getReceiveSetter().set(new ReceiveListener(socket));
    shared.connections().add(socket);
    // Subscribed before anything else: live events are held from here on while the resume catches up.
    long liveFrom = shared.feed().subscribe(socket, accepted.hold());
    int partition = shared.feed().partitionOf(accepted.target().sessionId());
    LOG.debug("socket open sessionId={} lastSeq={} live from {}-{}@{}", accepted.target().sessionId(),
        accepted.lastSeq(), Topics.CHAT_MESSAGES.name(), partition, liveFrom);
    socket.startHeartbeat();
    channel.resumeReceives();
    try {
      resumeThreads.execute(() -> resume.run(socket, accepted.lastSeq(), partition, liveFrom));
    } catch (RejectedExecutionException e) {
      socket.close(1001, "server shutting down", "shutdown");
    }
    if (!channel.isOpen()) {
      // Closed before the close listener was set: make sure it is accounted for.
      socket.onChannelClosed();
      IoUtils.safeClose(channel);
    }
    if (socket.closing()) {
      // Closed before it subscribed: its close found nothing to leave, and the partition must not stay needed.
      shared.feed().unsubscribe(socket);
    }
  }

  private static void requireWebSocket(HttpServerExchange exchange) {
    String upgradeTo = exchange.getRequestHeaders().getFirst(Headers.UPGRADE);
    if (upgradeTo == null || !"websocket".equalsIgnoreCase(upgradeTo.trim())) {
      throw upgradeRequired();
    }
  }

  private void requireOrigin(HttpServerExchange exchange) {
    origins.verifyHandshake(exchange.getRequestHeaders().getFirst(Headers.ORIGIN));
  }

  private Identity.Caller signedIn(HttpServerExchange exchange) {
    Identity.Caller caller = identity.resolve(exchange);
    if (caller.anonymous()) {
      throw Problem.unauthorized("Sign in first: create a session with POST /api/v1/sessions.");
    }
    return caller;
  }

  private static OptionalLong lastSeq(HttpServerExchange exchange) {
    Deque<String> values = exchange.getQueryParameters().get("lastSeq");
    if (values == null || values.isEmpty()) {
      return OptionalLong.empty();
    }
    String raw = values.peekFirst();
    if (!LAST_SEQ.matcher(raw).matches()) {
      throw Problem.badRequest("lastSeq must be the seq of the last event received (a whole number), or -1.");
    }
    return OptionalLong.of(Long.parseLong(raw));
  }

  private static String pathParam(HttpServerExchange exchange, String name) {
    PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
    return match == null ? null : match.getParameters().get(name);
  }

  private static void notWebSocket(HttpServerExchange exchange) {
    Problems.send(exchange, upgradeRequired());
  }

  private static Problem upgradeRequired() {
    return new Problem(426, "upgrade-required", "WebSocket required",
        "This address only speaks WebSocket: open it with a WebSocket client.")
        .withHeader("Upgrade", "websocket");
  }
}
