package io.chatrelay.demoagent.internal;

import io.chatrelay.demoagent.DemoAgentConfig;
import io.chatrelay.demoagent.Persona;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side: {@code /ws} and {@code /ws/{agentType}}, refusing upgrades that lack the identifying headers, and
 * the set of open connections.
 */
public final class AgentEndpoint {

  public static final String PATH = "/ws";
  public static final String SESSION_HEADER = "X-Session-ID";
  public static final String USER_HEADER = "X-User-ID";

  private static final Logger log = LoggerFactory.getLogger(AgentEndpoint.class);

  private final DemoAgentConfig config;
  private final Frames frames;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Set<WebSocketChannel> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong connectionsOpened = new AtomicLong();
  private final AtomicLong requestsReceived = new AtomicLong();

  public AgentEndpoint(DemoAgentConfig config, ScheduledExecutorService scheduler, Clock clock) {
    this.config = config;
    this.frames = new Frames(clock);
    this.scheduler = scheduler;
    this.clock = clock;
  }

  public HttpHandler handler() {
    PathHandler paths = new PathHandler(exchange -> reject(exchange, 404,
        "Unknown path; use " + PATH + " or " + PATH + "/{agentType} with agentType one of "
            + String.join(", ", personaNames()) + "."));
    paths.addExactPath(PATH, endpoint(null));
    for (Persona persona : Persona.values()) {
      paths.addExactPath(PATH + "/" + persona.name(), endpoint(persona));
    }
    return paths;
  }

  public long connectionsOpened() {
    return connectionsOpened.get();
  }

  public long requestsReceived() {
    return requestsReceived.get();
  }

  /**
   * Tells every connected client the agent is going away, waiting up to {@code grace} for the close frames to be
   * written; without the wait, the server stop that follows would cut the sockets first (an abnormal 1006 close).
   */
  public void closeConnections(Duration grace) throws InterruptedException {
    List<WebSocketChannel> channels = List.copyOf(open);
    CountDownLatch written = new CountDownLatch(channels.size());
    WebSocketCallback<Void> countDown = new WebSocketCallback<>() {
      @Override
      public void complete(WebSocketChannel channel, Void context) {
        written.countDown();
      }

      @Override
      public void onError(WebSocketChannel channel, Void context, Throwable failure) {
        written.countDown();
      }
    };
    for (WebSocketChannel channel : channels) {
      WebSockets.sendClose(CloseMessage.GOING_AWAY, "agent shutting down", channel, countDown);
    }
    if (!written.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      log.warn("{} of {} connections did not take the close frame in time", written.getCount(), channels.size());
    }
  }

  private HttpHandler endpoint(Persona persona) {
    WebSocketConnectionCallback connected = (exchange, channel) -> onConnect(exchange, channel, persona);
    HttpHandler handshake = new WebSocketProtocolHandshakeHandler(connected,
        exchange -> reject(exchange, 426, "This endpoint only accepts WebSocket upgrades."));
    return exchange -> {
      String missing = missingHeader(exchange);
      if (missing != null) {
        reject(exchange, 400, "Missing required header " + missing + ".");
        return;
      }
      handshake.handleRequest(exchange);
    };
  }

  private void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel, Persona persona) {
    String sessionId = exchange.getRequestHeader(SESSION_HEADER);
    connectionsOpened.incrementAndGet();
    open.add(channel);
    channel.addCloseTask(closed -> {
      open.remove(closed);
      log.info("Session {}: connection closed", sessionId);
    });
    ReplyPlanner planner = new ReplyPlanner(config, persona);
    channel.getReceiveSetter().set(
        new AgentConnection(channel, sessionId, planner, frames, scheduler, clock, requestsReceived));
    channel.resumeReceives();
    log.info("Session {}: connection opened on {}", sessionId, persona == null ? PATH : PATH + "/" + persona.name());
  }

  private static String missingHeader(HttpServerExchange exchange) {
    for (String header : new String[] {SESSION_HEADER, USER_HEADER}) {
      String value = exchange.getRequestHeaders().getFirst(new HttpString(header));
      if (value == null || value.isBlank()) {
        return header;
      }
    }
    return null;
  }

  private static void reject(HttpServerExchange exchange, int status, String reason) {
    log.debug("Refused {} {}: {}", exchange.getRequestMethod(), exchange.getRequestPath(), reason);
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseSender().send(reason);
  }

  private static String[] personaNames() {
    Persona[] personas = Persona.values();
    String[] names = new String[personas.length];
    for (int i = 0; i < personas.length; i++) {
      names[i] = personas[i].name();
    }
    return names;
  }
}
