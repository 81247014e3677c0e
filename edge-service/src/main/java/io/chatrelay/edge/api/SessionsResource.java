package io.chatrelay.edge.api;

import io.chatrelay.edge.auth.Identity;
import io.chatrelay.edge.auth.SessionAdmission;
import io.chatrelay.edge.auth.SessionCookies;
import io.chatrelay.edge.log.ChatLog;
import io.chatrelay.edge.views.ReadYourWrites;
import io.chatrelay.edge.views.ViewReader;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.SessionIds;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/v1/sessions} and {@code /api/v1/sessions/{id}}: create, list, read, delete. */
public final class SessionsResource {

  private static final Logger LOG = LoggerFactory.getLogger(SessionsResource.class);

  private final Identity identity;
  private final SessionCookies cookies;
  private final ChatLog log;
  private final ReadYourWrites consistency;
  private final ViewReader views;
  private final AgentType defaultAgentType;
  private final SessionAdmission admission;
  private final Clock clock;

  public SessionsResource(Identity identity, SessionCookies cookies, ChatLog log, ReadYourWrites consistency,
      ViewReader views, AgentType defaultAgentType, SessionAdmission admission, Clock clock) {
    this.identity = Objects.requireNonNull(identity, "identity");
    this.cookies = Objects.requireNonNull(cookies, "cookies");
    this.log = Objects.requireNonNull(log, "log");
    this.consistency = Objects.requireNonNull(consistency, "consistency");
    this.views = Objects.requireNonNull(views, "views");
    this.defaultAgentType = Objects.requireNonNull(defaultAgentType, "defaultAgentType");
    this.admission = Objects.requireNonNull(admission, "admission");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** {@code POST /api/v1/sessions}: {@code 201 {sessionId, status:"created", createdAt}}, signing in if needed. */
  public CompletionStage<Reply> create(ApiRequest request) {
    NewSessionRequest body = NewSessionRequest.parse(request.body(), defaultAgentType);
    Identity.SignIn signIn = identity.forNewSession(request.caller(), body.userId());
    admission.admit(request.clientAddress(), signIn);
    // Time-ordered: the id tells a reader of the log where the session begins (on-demand restore).
    String sessionId = SessionIds.newId(clock).toString();
    SessionCreated event = SessionCreated.of(sessionId, signIn.userId(), now(), body.metadata());
    return log.append(event)
        .thenCompose(ack -> consistency.await(sessionId, ack))
        .thenApply(ack -> {
          LOG.debug("created sessionId={} agentType={} at {}", sessionId, body.metadata().agentType(), ack);
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("sessionId", sessionId);
          out.put("status", "created");
          out.put("createdAt", event.occurredAt());
          Reply reply = Reply.created(out);
          // The cookie is only handed out once the session is stored: a failed create signs no one in.
          return signIn.setCookie() ? reply.withHeader("Set-Cookie", cookies.setCookieHeader(signIn.userId())) : reply;
        });
  }

  /** {@code GET /api/v1/sessions}: the caller's sessions, newest activity first. */
  public CompletionStage<Reply> list(ApiRequest request) {
    return CompletableFuture.completedFuture(Reply.ok(Map.of("sessions", views.sessionsOf(request.userId()))));
  }

  /** {@code GET /api/v1/sessions/{id}}: 404 alike for missing, deleted and other users' sessions. */
  public CompletionStage<Reply> get(ApiRequest request) {
    String sessionId = RequestRules.requireSessionId(request.path("id"));
    return CompletableFuture.completedFuture(Reply.ok(views.requireOwnedSession(sessionId, request.userId())));
  }

  /** {@code DELETE /api/v1/sessions/{id}}: {@code 200 {status:"deleted"}}; afterwards the session is 404. */
  public CompletionStage<Reply> delete(ApiRequest request) {
    String sessionId = RequestRules.requireSessionId(request.path("id"));
    views.requireOwnedSession(sessionId, request.userId());
    return log.append(SessionDeleted.of(sessionId, request.userId(), now()))
        .thenCompose(ack -> consistency.await(sessionId, ack))
        .thenApply(ack -> {
          LOG.debug("deleted sessionId={} at {}", sessionId, ack);
          return Reply.ok(Map.of("status", "deleted"));
        });
  }

  private java.time.Instant now() {
    // Millisecond precision: what browsers' Date can represent, and what the views store.
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
