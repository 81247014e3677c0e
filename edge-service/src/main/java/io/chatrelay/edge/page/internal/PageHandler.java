package io.chatrelay.edge.page.internal;

import io.chatrelay.edge.api.Problem;
import io.chatrelay.edge.api.Problems;
import io.chatrelay.edge.api.RequestRules;
import io.chatrelay.edge.auth.ClientAddress;
import io.chatrelay.edge.auth.Identity;
import io.chatrelay.edge.auth.OriginCheck;
import io.chatrelay.edge.views.ReadYourWrites;
import io.undertow.io.Receiver;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.PathTemplateMatch;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link PageAction} the way {@code ApiHandler} runs an API endpoint, but for people: refusals and failures
 * come back as HTML pages, a form post's body is read without blocking, and every response carries the security
 * headers. A stale or forged cookie is treated as "signed out" (and cleared) rather than as an error page.
 */
public final class PageHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(PageHandler.class);

  private final boolean readsForm;
  private final PageAction action;
  private final Identity identity;
  private final OriginCheck origins;
  private final ErrorPages errors;
  private final ReadYourWrites readYourWrites;

  public PageHandler(boolean readsForm, PageAction action, Identity identity, OriginCheck origins,
      ErrorPages errors, ReadYourWrites readYourWrites) {
    this.readsForm = readsForm;
    this.action = Objects.requireNonNull(action, "action");
    this.identity = Objects.requireNonNull(identity, "identity");
    this.origins = Objects.requireNonNull(origins, "origins");
    this.errors = Objects.requireNonNull(errors, "errors");
    this.readYourWrites = Objects.requireNonNull(readYourWrites, "readYourWrites");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    String nonce = SecurityHeaders.newNonce();
    if (!Methods.GET.equals(exchange.getRequestMethod())
        && !origins.allowsStateChange(exchange, cookie(exchange).isPresent())) {
      exchange.dispatch(worker(exchange), () -> respond(exchange, nonce, errors.crossSite(nonce), null));
      return;
    }
    boolean staleCookie = false;
    Identity.Caller caller;
    try {
      caller = identity.resolve(cookie(exchange), Identity.headers(exchange), Identity.peer(exchange));
    } catch (Problem notSignedIn) {
      caller = Identity.Caller.ANONYMOUS;
      staleCookie = true;
    }
    Identity.Caller who = caller;
    boolean clear = staleCookie;
    if (readsForm) {
      Receiver receiver = exchange.getRequestReceiver();
      receiver.setMaxBufferSize(RequestRules.MAX_BODY_BYTES);
      receiver.receiveFullBytes(
          (ex, body) -> ex.dispatch(worker(ex), () -> run(ex, who, nonce, body, clear)),
          (ex, error) -> ex.dispatch(worker(ex), () -> respond(ex, nonce, errors.badForm(nonce), null)));
    } else {
      // The page shows the caller's own latest writes, also those made over the API.
      readYourWrites.dispatchRead(exchange, who, () -> run(exchange, who, nonce, new byte[0], clear));
    }
  }

  private void run(HttpServerExchange exchange, Identity.Caller caller, String nonce, byte[] body, boolean clear) {
    CompletionStage<PageResult> stage;
    try {
      PageRequest request = new PageRequest(caller, nonce, pathParams(exchange), exchange.getQueryParameters(),
          readsForm ? FormBody.parse(body) : Map.of(), header(exchange, Headers.USER_AGENT), worker(exchange),
          ClientAddress.of(exchange));
      stage = action.handle(request);
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    stage.whenCompleteAsync((result, error) -> {
      PageResult answer = result;
      if (error != null) {
        answer = failure(exchange, nonce, error);
      }
      respond(exchange, nonce, answer, clear ? identity.clearCookieHeader() : null);
    }, worker(exchange));
  }

  private PageResult failure(HttpServerExchange exchange, String nonce, Throwable error) {
    Throwable cause = Problems.unwrap(error);
    if (cause instanceof Problem problem) {
      return errors.forProblem(nonce, problem);
    }
    if (cause instanceof IllegalArgumentException) {
      return errors.badForm(nonce);
    }
    LOG.error("{} {} failed", exchange.getRequestMethod(), routeOf(exchange), cause);
    return errors.internal(nonce);
  }

  private void respond(HttpServerExchange exchange, String nonce, PageResult result, String clearCookie) {
    try {
      SecurityHeaders.forPage(exchange.getResponseHeaders(), nonce);
      result.headers().forEach((name, value) -> exchange.getResponseHeaders().add(new HttpString(name), value));
      if (clearCookie != null && !result.headers().containsKey("Set-Cookie")) {
        exchange.getResponseHeaders().add(Headers.SET_COOKIE, clearCookie);
      }
      if (result instanceof PageResult.Redirect redirect) {
        exchange.setStatusCode(303);
        exchange.getResponseHeaders().put(Headers.LOCATION, redirect.location());
        exchange.endExchange();
        return;
      }
      PageResult.Page page = (PageResult.Page) result;
      exchange.setStatusCode(page.status());
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
      exchange.getResponseSender().send(page.body().markup());
    } catch (RuntimeException e) {
      LOG.error("{} {} could not be answered", exchange.getRequestMethod(), routeOf(exchange), e);
      exchange.setStatusCode(500);
      exchange.endExchange();
    }
  }

  private Optional<String> cookie(HttpServerExchange exchange) {
    return identity.cookie(exchange).filter(value -> !value.isEmpty());
  }

  private static String header(HttpServerExchange exchange, HttpString name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  private static Map<String, String> pathParams(HttpServerExchange exchange) {
    PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
    return match == null ? Map.of() : match.getParameters();
  }

  private static String routeOf(HttpServerExchange exchange) {
    PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
    return match == null ? "unmatched" : match.getMatchedTemplate();
  }

  private static Executor worker(HttpServerExchange exchange) {
    return exchange.getConnection().getWorker();
  }
}
