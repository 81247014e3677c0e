package io.chatrelay.edge.api;

import io.chatrelay.edge.auth.Identity;
import io.chatrelay.edge.auth.MessageRateLimit;
import io.chatrelay.edge.auth.RateLimit;
import io.chatrelay.edge.auth.SessionCookies;
import io.chatrelay.edge.log.ChatLog;
import io.chatrelay.edge.log.KeyedMessages;
import io.chatrelay.edge.views.ReadYourWrites;
import io.chatrelay.edge.views.SessionView;
import io.chatrelay.edge.views.ViewReader;
import io.chatrelay.events.UserMessage;
import io.chatrelay.views.MessageView;
import io.chatrelay.views.MessageViews;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/v1/sessions/{id}/messages}: page through the history, send a message. */
public final class MessagesResource {

  private static final Logger LOG = LoggerFactory.getLogger(MessagesResource.class);

  /** Marks the answer to a retry: the message was stored by an earlier request with the same key. */
  public static final String REPLAYED = "Idempotent-Replayed";

  private final ChatLog log;
  private final KeyedMessages keyed;
  private final ReadYourWrites consistency;
  private final ViewReader views;
  private final MessageRateLimit rateLimit;
  private final SessionCookies cookies;
  private final Clock clock;

  public MessagesResource(ChatLog log, KeyedMessages keyed, ReadYourWrites consistency, ViewReader views,
      MessageRateLimit rateLimit, SessionCookies cookies, Clock clock) {
    this.log = Objects.requireNonNull(log, "log");
    this.keyed = Objects.requireNonNull(keyed, "keyed");
    this.cookies = Objects.requireNonNull(cookies, "cookies");
    this.consistency = Objects.requireNonNull(consistency, "consistency");
    this.views = Objects.requireNonNull(views, "views");
    this.rateLimit = Objects.requireNonNull(rateLimit, "rateLimit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * {@code GET ...?limit=&before=}: the newest {@code limit} messages below {@code before}, oldest first; without
   * {@code before}, also the answer still being written (status {@code streaming}), beside the {@code limit}.
   */
  public CompletionStage<Reply> list(ApiRequest request) {
    String sessionId = RequestRules.requireSessionId(request.path("id"));
    int limit = RequestRules.limit(request.query("limit"));
    var before = RequestRules.before(request.query("before"));
    views.requireOwnedSession(sessionId, request.userId());
    // The newest page also shows the answer still being written, marked "streaming".
    List<byte[]> page = before.isPresent() ? views.messagesJson(sessionId, limit, before)
        : views.newestMessagesJson(sessionId, limit);
    return CompletableFuture.completedFuture(Reply.ok(RawJson.objectWithArray("messages", page)));
  }

  /**
   * {@code POST}: {@code 200 {message, status:"sent"}} once the log holds the message; seq is its offset.
   *
   * <p>With an {@code Idempotency-Key} the message is stored once for that key, however often the request is
   * retried: a retry is answered like the first request, with {@code Idempotent-Replayed: true}, and a key reused
   * for a different message is {@code 422}.
   *
   * <p>A caller signed in by cookie is answered on Kafka's acknowledgement, with its cookie re-issued to carry the
   * message's log position: its next read waits for the views instead of this write (see {@link ApiHandler}). A
   * caller the proxy identifies may keep no cookies, so its answer waits until the views show the message.
   */
  public CompletionStage<Reply> send(ApiRequest request) {
    String sessionId = RequestRules.requireSessionId(request.path("id"));
    NewMessageRequest body = NewMessageRequest.parse(request.body());
    Optional<String> key = request.header(ApiRequest.IDEMPOTENCY_KEY).map(RequestRules::requireIdempotencyKey);
    // Before any Redis or Kafka work: a refused message should cost the edge next to nothing.
    RateLimit.Decision allowed = rateLimit.tryAcquire(request.userId(), request.clientAddress());
    if (!allowed.allowed()) {
      LOG.debug("rate limited a message sessionId={}", sessionId);
      throw Problem.tooManyRequests(allowed.retryAfterSeconds());
    }
    SessionView session = views.requireOwnedSession(sessionId, request.userId());
    CompletionStage<KeyedMessages.Sent> sent;
    if (key.isPresent()) {
      sent = keyed.send(session, key.get(), body, request.worker());
    } else {
      UserMessage event = session.newMessage(clock.instant(), null, body.content(), body.metadata());
      sent = log.append(event).thenApply(ack -> new KeyedMessages.Sent(ack, event, false));
    }
    Identity.Caller caller = request.caller();
    boolean byCookie = caller.source() == Identity.Source.COOKIE;
    CompletionStage<KeyedMessages.Sent> stored = byCookie ? sent
        : sent.thenCompose(s -> consistency.await(sessionId, s.ack()).thenApply(ack -> s));
    return stored.thenApply(s -> {
      LOG.debug("message eventId={} sessionId={} at {}{}", s.event().eventId(), sessionId, s.ack(),
          s.replayed() ? " (stored before)" : "");
      MessageView view = MessageViews.of(s.event(), s.ack().offset()).orElseThrow();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("message", view);
      out.put("status", "sent");
      Reply reply = Reply.ok(out);
      if (s.replayed()) {
        reply = reply.withHeader(REPLAYED, "true");
      }
      return byCookie ? reply.withHeader("Set-Cookie", cookies.reissueHeader(caller.signIn().orElseThrow(),
          caller.written().with(s.ack()))) : reply;
    });
  }
}
