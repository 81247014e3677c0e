package io.chatrelay.edge.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.edge.auth.MessageRateLimit;
import io.chatrelay.edge.auth.RateLimit;
import io.chatrelay.edge.log.ChatLog;
import io.chatrelay.edge.log.KeyedMessages;
import io.chatrelay.edge.views.SessionView;
import io.chatrelay.edge.views.ViewReader;
import io.chatrelay.events.AnswerFeedback;
import io.chatrelay.events.CancelRequested;
import io.chatrelay.events.ChatEvent;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/sessions/{id}/messages/{messageId}/cancel} and {@code .../feedback}: stop the answer to one of the
 * session's messages, or rate it. Both are written to the log (as {@code CancelRequested} and
 * {@code AnswerFeedback}) and answered once Kafka holds them; with an {@code Idempotency-Key} a retried request is
 * written once. The connector owning the session stops the answer; chat-analytics counts the ratings.
 */
public final class AnswersResource {

  private static final Logger LOG = LoggerFactory.getLogger(AnswersResource.class);

  private final ChatLog log;
  private final KeyedMessages keyed;
  private final ViewReader views;
  private final MessageRateLimit rateLimit;
  private final Clock clock;

  public AnswersResource(ChatLog log, KeyedMessages keyed, ViewReader views, MessageRateLimit rateLimit,
      Clock clock) {
    this.log = Objects.requireNonNull(log, "log");
    this.keyed = Objects.requireNonNull(keyed, "keyed");
    this.views = Objects.requireNonNull(views, "views");
    this.rateLimit = Objects.requireNonNull(rateLimit, "rateLimit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** {@code POST .../cancel}, no body: {@code 202 {inReplyTo, status:"cancel-requested", seq}}. */
  public CompletionStage<Reply> cancel(ApiRequest request) {
    Target target = target(request);
    CompletionStage<KeyedMessages.Sent> sent = target.key().isPresent()
        ? keyed.cancel(target.session(), target.key().get(), target.message(), request.worker())
        : append(CancelRequested.of(target.session().id(), request.userId(), now(), target.message(), null));
    return sent.thenApply(s -> {
      LOG.debug("cancel of {} sessionId={} at {}", target.message(), target.session().id(), s.ack());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("inReplyTo", target.message().toString());
      out.put("status", "cancel-requested");
      out.put("seq", s.ack().offset());
      return replayed(new Reply(202, out, Map.of()), s);
    });
  }

  /** {@code POST .../feedback} {@code {rating:"up"|"down", comment?}}: {@code 201 {inReplyTo, rating, comment?, seq}}.
   */
  public CompletionStage<Reply> feedback(ApiRequest request) {
    ObjectNode body = JsonBodies.object(request.body(), false);
    String rating = RequestRules.requireRating(JsonBodies.requiredText(body, "rating"));
    String comment = RequestRules.optionalComment(JsonBodies.optionalText(body, "comment"));
    Target target = target(request);
    CompletionStage<KeyedMessages.Sent> sent = target.key().isPresent()
        ? keyed.rate(target.session(), target.key().get(), target.message(), rating, comment, request.worker())
        : append(AnswerFeedback.of(target.session().id(), request.userId(), now(), target.message(), rating,
            comment, target.session().persona(), null));
    return sent.thenApply(s -> {
      AnswerFeedback stored = (AnswerFeedback) s.event();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("inReplyTo", stored.inReplyTo().toString());
      out.put("rating", stored.rating());
      if (stored.comment() != null) {
        out.put("comment", stored.comment());
      }
      out.put("seq", s.ack().offset());
      return replayed(Reply.created(out), s);
    });
  }

  private record Target(SessionView session, UUID message, Optional<String> key) {}

  /** Checks in the order of MessagesResource: inputs, then the rate, then ownership (the first Redis read). */
  private Target target(ApiRequest request) {
    String sessionId = RequestRules.requireSessionId(request.path("id"));
    UUID message = RequestRules.requireMessageId(request.path("messageId"), "The message id in the path");
    Optional<String> key = request.header(ApiRequest.IDEMPOTENCY_KEY).map(RequestRules::requireIdempotencyKey);
    RateLimit.Decision allowed = rateLimit.tryAcquire(request.userId(), request.clientAddress());
    if (!allowed.allowed()) {
      throw Problem.tooManyRequests(allowed.retryAfterSeconds());
    }
    return new Target(views.requireOwnedSession(sessionId, request.userId()), message, key);
  }

  private CompletionStage<KeyedMessages.Sent> append(ChatEvent event) {
    return log.append(event).thenApply(ack -> new KeyedMessages.Sent(ack, event, false));
  }

  private static Reply replayed(Reply reply, KeyedMessages.Sent sent) {
    return sent.replayed() ? reply.withHeader(MessagesResource.REPLAYED, "true") : reply;
  }

  private java.time.Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
