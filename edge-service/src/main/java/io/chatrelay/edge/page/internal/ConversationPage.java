package io.chatrelay.edge.page.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.edge.api.NewMessageRequest;
import io.chatrelay.edge.api.Problem;
import io.chatrelay.edge.api.Problems;
import io.chatrelay.edge.api.RequestRules;
import io.chatrelay.edge.auth.MessageRateLimit;
import io.chatrelay.edge.auth.RateLimit;
import io.chatrelay.edge.log.KeyedMessages;
import io.chatrelay.edge.views.ReadYourWrites;
import io.chatrelay.edge.views.SessionView;
import io.chatrelay.edge.views.ViewReader;
import io.chatrelay.events.json.Json;
import io.chatrelay.views.MessageView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
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

  /** The form's hidden field naming this rendering of the form. */
  static final String FORM_ID = "formId";

  /** What the page works with; the same services the REST API uses. */
  public record Deps(KeyedMessages messages, ViewReader views, ReadYourWrites readYourWrites,
      MessageRateLimit rateLimit, Clock clock, Layout layout) {}

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
    return done(PageResult.ok(render(request, session, before, Optional.empty(), "", newFormId())));
  }

  /**
   * {@code POST /conversations/{id}/messages}: sends the message, then back to the conversation.
   *
   * <p>Sent twice from one rendering of the form (a double click, a resubmission after an error page, a refresh of
   * it), the same text is stored once: its key is the form's id and the text's digest. A changed text is a message
   * of its own, and after a success the redirect renders a form with a new id.
   */
  public CompletionStage<PageResult> send(PageRequest request) {
    if (!request.signedIn()) {
      return done(PageResult.seeOther("/"));
    }
    SessionView session = owned(request);
    String formId = formId(request);
    String typed = request.field("message").replace("\r\n", "\n");
    String content = typed.strip();
    int length = content.codePointCount(0, content.length());
    if (length == 0 || length > RequestRules.MAX_CONTENT_CODE_POINTS) {
      FieldError error = new FieldError("message", length == 0 ? ENTER_MESSAGE : TOO_LONG);
      return done(PageResult.status(400, render(request, session, Optional.empty(), Optional.of(error), typed,
          formId)));
    }
    RateLimit.Decision allowed = deps.rateLimit().tryAcquire(request.userId(), request.clientAddress());
    if (!allowed.allowed()) {
      FieldError error = new FieldError("message", TOO_FAST);
      return done(new PageResult.Page(429, render(request, session, Optional.empty(), Optional.of(error), typed,
          formId), Map.of("Retry-After", Long.toString(allowed.retryAfterSeconds()))));
    }
    return deps.messages().send(session, messageKey(formId, content), new NewMessageRequest(content, Map.of()),
            request.worker())
        .thenCompose(sent -> deps.readYourWrites().await(session.id(), sent.ack()).thenApply(ack -> sent))
        .<PageResult>thenApply(sent -> {
          LOG.debug("page message eventId={} sessionId={} at {}{}", sent.event().eventId(), session.id(), sent.ack(),
              sent.replayed() ? " (sent before from this form)" : "");
          return PageResult.seeOther("/conversations/" + session.id() + "#latest");
        })
        .exceptionally(failure -> {
          if (Problems.unwrap(failure) instanceof Problem p && p.status() == 503) {
            // The log did not take it: keep what the person typed and let them send it again.
            FieldError error = new FieldError("message", NOT_SENT);
            return PageResult.status(503, render(request, session, Optional.empty(), Optional.of(error), typed,
                formId));
          }
          throw Problems.unwrap(failure) instanceof RuntimeException r ? r : new IllegalStateException(failure);
        });
  }

  private SessionView owned(PageRequest request) {
    String sessionId = RequestRules.requireSessionId(request.path("id"));
    return deps.views().requireOwnedSession(sessionId, request.userId());
  }

  /** The posted form's id; a new one when it sent none or one the server cannot have written. */
  private static String formId(PageRequest request) {
    String posted = request.field(FORM_ID);
    try {
      return UUID.fromString(posted).toString().equals(posted) ? posted : newFormId();
    } catch (IllegalArgumentException e) {
      return newFormId();
    }
  }

  private static String newFormId() {
    return UUID.randomUUID().toString();
  }

  /** 53 characters: the form's id, and 64 bits of the text's SHA-256, which tell an edited text apart. */
  static String messageKey(String formId, String content) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      return formId + "-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private Html render(PageRequest request, SessionView session, Optional<Long> before, Optional<FieldError> error,
      String typed, String formId) {
    List<JsonNode> fetched = deps.views().messages(session.id(), PAGE_SIZE + 1, before);
    boolean hasEarlier = fetched.size() > PAGE_SIZE;
    List<JsonNode> shown = hasEarlier ? fetched.subList(1, fetched.size()) : fetched;
    if (before.isEmpty()) {
      // The answer still being written shows in its place, marked so; without the script a reload shows more.
      Optional<MessageView> answer = deps.views().answerInProgress(session.id());
      if (answer.isPresent()) {
        shown = ViewReader.withAnswer(shown, Json.mapper().valueToTree(answer.get()), answer.get().seq(),
            m -> m.path("seq").asLong());
      }
    }
    return view.render(Layout.Context.of(request), new ConversationView.Model(session, shown, hasEarlier,
        before.isPresent(), error, typed, formId));
  }

  private static CompletionStage<PageResult> done(PageResult result) {
    return CompletableFuture.completedFuture(result);
  }
}
