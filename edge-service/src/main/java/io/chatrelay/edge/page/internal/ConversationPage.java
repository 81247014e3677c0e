package io.chatrelay.edge.page.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.edge.internal.ChatLog;
import io.chatrelay.edge.internal.MessageRateLimit;
import io.chatrelay.edge.internal.Problem;
import io.chatrelay.edge.internal.Problems;
import io.chatrelay.edge.internal.ReadYourWrites;
import io.chatrelay.edge.internal.RequestRules;
import io.chatrelay.edge.internal.SessionView;
import io.chatrelay.edge.internal.ViewReader;
import io.chatrelay.events.UserMessage;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /conversations/{id}}: the history rendered on the server (so the page works without JavaScript) and the
 * message form, which posts back here and redirects to the page again.
 */
public final class ConversationPage {

  private static final Logger LOG = LoggerFactory.getLogger(ConversationPage.class);
  /** The page shows at most this many of the latest messages, with a link to earlier ones. */
  public static final int PAGE_SIZE = RequestRules.MAX_LIMIT;
  static final String ENTER_MESSAGE = "Enter a message";
  static final String TOO_LONG = "Message must be " + RequestRules.MAX_CONTENT_CODE_POINTS + " characters or fewer";
  static final String NOT_SENT = "Your message could not be sent. Try again in a few seconds";
  static final String TOO_FAST =
      "You have sent a lot of messages in a short time. Wait a few seconds, then send your message again";

  /** What the page works with; the same services the REST API uses. */
  public record Deps(ChatLog chatLog, ViewReader views, ReadYourWrites readYourWrites, MessageRateLimit rateLimit,
      Clock clock, Layout layout) {}

  private final Deps deps;
  private final ConversationView view;

  public ConversationPage(Deps deps) {
    this.deps = Objects.requireNonNull(deps, "deps");
    this.view = new ConversationView(deps.layout());
  }

  /** {@code GET /conversations/{id}[?before=seq]}. */
  public CompletionStage<PageResult> show(PageRequest request) {
    if (!request.signedIn()) {
      return done(PageResult.seeOther("/"));
    }
    SessionView session = owned(request);
    Optional<Long> before = RequestRules.before(request.query("before"));
    return done(PageResult.ok(render(request, session, before, Optional.empty(), "")));
  }

  /** {@code POST /conversations/{id}/messages}: sends the message, then back to the conversation. */
  public CompletionStage<PageResult> send(PageRequest request) {
    if (!request.signedIn()) {
      return done(PageResult.seeOther("/"));
    }
    SessionView session = owned(request);
    String typed = request.field("message").replace("\r\n", "\n");
    String content = typed.strip();
    int length = content.codePointCount(0, content.length());
    if (length == 0 || length > RequestRules.MAX_CONTENT_CODE_POINTS) {
      FieldError error = new FieldError("message", length == 0 ? ENTER_MESSAGE : TOO_LONG);
      return done(PageResult.status(400, render(request, session, Optional.empty(), Optional.of(error), typed)));
    }
    if (!deps.rateLimit().tryAcquire(request.userId()).allowed()) {
      FieldError error = new FieldError("message", TOO_FAST);
      return done(PageResult.status(429, render(request, session, Optional.empty(), Optional.of(error), typed)));
    }
    UserMessage event = session.newMessage(deps.clock().instant(), null, content, Map.of());
    return deps.chatLog().append(event)
        .thenCompose(ack -> deps.readYourWrites().await(session.id(), ack))
        .<PageResult>thenApply(ack -> {
          LOG.debug("page message eventId={} sessionId={} at {}", event.eventId(), session.id(), ack);
          return PageResult.seeOther("/conversations/" + session.id() + "#latest");
        })
        .exceptionally(failure -> {
          if (Problems.unwrap(failure) instanceof Problem p && p.status() == 503) {
            // The log did not take it: keep what the person typed and let them send it again.
            FieldError error = new FieldError("message", NOT_SENT);
            return PageResult.status(503, render(request, session, Optional.empty(), Optional.of(error), typed));
          }
          throw Problems.unwrap(failure) instanceof RuntimeException r ? r : new IllegalStateException(failure);
        });
  }

  private SessionView owned(PageRequest request) {
    String sessionId = RequestRules.requireSessionId(request.path("id"));
    return deps.views().requireOwnedSession(sessionId, request.userId());
  }

  private Html render(PageRequest request, SessionView session, Optional<Long> before, Optional<FieldError> error,
      String typed) {
    List<JsonNode> fetched = deps.views().messages(session.id(), PAGE_SIZE + 1, before);
    boolean hasEarlier = fetched.size() > PAGE_SIZE;
    List<JsonNode> shown = hasEarlier ? fetched.subList(1, fetched.size()) : fetched;
    return view.render(Layout.Context.of(request), new ConversationView.Model(session, shown, hasEarlier,
        before.isPresent(), error, typed));
  }

  private static CompletionStage<PageResult> done(PageResult result) {
    return CompletableFuture.completedFuture(result);
  }
}
