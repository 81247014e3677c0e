package io.chatrelay.edge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.chatrelay.edge.auth.ClientAddress;
import io.chatrelay.edge.auth.Identity;
import io.chatrelay.edge.auth.OriginCheck;
import io.chatrelay.edge.views.ReadYourWrites;
import io.chatrelay.events.json.Json;
import io.undertow.io.Receiver;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.PathTemplateMatch;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link Endpoint} the same way for every API route: origin check and identity on the I/O thread (cheap,
 * no I/O), body read without blocking and bounded while reading, for a read the wait until the views show the
 * caller's own writes (its cookie says where they are; no thread is held), then the endpoint on a worker thread,
 * and finally its reply or problem as JSON.
 */
public final class ApiHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
  private static final byte[] NO_BODY = new byte[0];

  /** Who may call a route. */
  public enum Access { SIGNED_IN, ANYONE }

  private final Access access;
  private final boolean readsBody;
  private final Endpoint endpoint;
  private final Identity identity;
  private final OriginCheck origins;
  private final ReadYourWrites readYourWrites;

  public ApiHandler(Access access, boolean readsBody, Endpoint endpoint, Identity identity, OriginCheck origins,
      ReadYourWrites readYourWrites) {
    this.access = Objects.requireNonNull(access, "access");
    this.readsBody = readsBody;
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.identity = Objects.requireNonNull(identity, "identity");
    this.origins = Objects.requireNonNull(origins, "origins");
    this.readYourWrites = Objects.requireNonNull(readYourWrites, "readYourWrites");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    Identity.Caller caller;
    try {
      if (changesState(exchange.getRequestMethod())) {
        origins.verifyStateChange(exchange, identity.cookie(exchange).isPresent());
      }
      caller = identity.resolve(exchange);
      if (access == Access.SIGNED_IN && caller.anonymous()) {
        throw Problem.unauthorized("Sign in first: create a session with POST /api/v1/sessions.");
      }
    } catch (Problem problem) {
      Problems.send(exchange, problem);
      return;
    }
    if (readsBody) {
      readBodyThenRun(exchange, caller);
    } else if (!changesState(exchange.getRequestMethod())) {
      // A read after the caller's own writes shows them.
      readYourWrites.dispatchRead(exchange, caller, () -> run(exchange, caller, NO_BODY));
    } else {
      exchange.dispatch(worker(exchange), () -> run(exchange, caller, NO_BODY));
    }
  }

  private void readBodyThenRun(HttpServerExchange exchange, Identity.Caller caller) {
    Receiver receiver = exchange.getRequestReceiver();
    // The receiver refuses a larger Content-Length up front and stops as soon as a streamed body passes the limit.
    receiver.setMaxBufferSize(RequestRules.MAX_BODY_BYTES);
    receiver.receiveFullBytes(
        (ex, body) -> ex.dispatch(worker(ex), () -> run(ex, caller, body)),
        (ex, error) -> {
          if (error instanceof Receiver.RequestToLargeException) {
            // Nothing more is buffered; Undertow discards the rest while the client sends it (bounded by the
            // server's MAX_ENTITY_SIZE), so the client is still there to read this answer.
            Problems.send(ex, Problem.tooLarge(RequestRules.MAX_BODY_BYTES));
          } else {
            LOG.debug("request body unreadable: {}", error.getMessage());
            Problems.send(ex, Problem.badRequest("The request body could not be read."));
          }
        });
  }

  /** Runs outside Undertow's handler chain: nothing ends the exchange for us, so every path must respond. */
  private void run(HttpServerExchange exchange, Identity.Caller caller, byte[] body) {
    CompletionStage<Reply> stage;
    try {
      stage = endpoint.handle(new ApiRequest(caller, pathParams(exchange), exchange.getQueryParameters(),
          headersRead(exchange), body, worker(exchange), ClientAddress.of(exchange)));
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    // Back on a worker thread: completions may come from the producer's network thread, which must stay free.
    stage.whenCompleteAsync((reply, error) -> respond(exchange, reply, error), worker(exchange));
  }

  private void respond(HttpServerExchange exchange, Reply reply, Throwable error) {
    try {
      if (error != null) {
        Problem problem = Problems.of(error);
        if (!(Problems.unwrap(error) instanceof Problem)) {
          LOG.error("{} {} failed", exchange.getRequestMethod(), routeOf(exchange), Problems.unwrap(error));
        }
        Problems.send(exchange, problem);
        return;
      }
      byte[] json = reply.body() instanceof RawJson raw ? raw.bytes() : Json.mapper().writeValueAsBytes(reply.body());
      exchange.setStatusCode(reply.status());
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(new HttpString(name), value));
      exchange.getResponseSender().send(ByteBuffer.wrap(json));
    } catch (JsonProcessingException | RuntimeException e) {
      LOG.error("{} {} could not be answered", exchange.getRequestMethod(), routeOf(exchange), e);
      Problems.send(exchange, Problem.internal());
    }
  }

  private static Map<String, String> pathParams(HttpServerExchange exchange) {
    PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
    return match == null ? Map.of() : match.getParameters();
  }

  private static Map<String, String> headersRead(HttpServerExchange exchange) {
    Map<String, String> headers = new HashMap<>();
    for (String name : ApiRequest.HEADERS_READ) {
      String value = exchange.getRequestHeaders().getFirst(name);
      if (value != null) {
        headers.put(name.toLowerCase(Locale.ROOT), value);
      }
    }
    return headers;
  }

  static String routeOf(HttpServerExchange exchange) {
    PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
    return match == null ? "unmatched" : match.getMatchedTemplate();
  }

  private static boolean changesState(HttpString method) {
    return !(Methods.GET.equals(method) || Methods.HEAD.equals(method) || Methods.OPTIONS.equals(method));
  }

  private static Executor worker(HttpServerExchange exchange) {
    return exchange.getConnection().getWorker();
  }
}
