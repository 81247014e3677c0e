package io.chatrelay.edge.page.internal;

import io.chatrelay.edge.api.RequestRules;
import io.chatrelay.edge.auth.Identity;
import io.chatrelay.edge.auth.SessionAdmission;
import io.chatrelay.edge.auth.SessionCookies;
import io.chatrelay.edge.log.ChatLog;
import io.chatrelay.edge.views.ReadYourWrites;
import io.chatrelay.edge.views.SessionView;
import io.chatrelay.edge.views.ViewReader;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionIds;
import io.chatrelay.events.SessionMetadata;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /}: sign in (dev mode), the person's conversations, starting a conversation, signing out. */
public final class StartPage {

  private static final Logger LOG = LoggerFactory.getLogger(StartPage.class);
  static final String ENTER_USER_ID = "Enter your user ID";
  static final String BAD_USER_ID =
      "User ID must only include letters, numbers, full stops, underscores, @ signs and hyphens, up to 64 characters";
  static final String SELECT_AGENT = "Select who you want to talk to";

  /** What the start page works with; the same services the REST API uses. */
  public record Deps(Identity identity, SessionCookies cookies, ChatLog chatLog, ViewReader views,
      ReadYourWrites readYourWrites, SessionAdmission admission, boolean devMode, Clock clock,
      Consumer<Identity.Caller> onSignOut, Layout layout) {}

  private final Deps deps;
  private final StartPageView view;

  public StartPage(Deps deps) {
    this.deps = Objects.requireNonNull(deps, "deps");
    this.view = new StartPageView(deps.layout());
  }

  /** {@code GET /}. */
  public CompletionStage<PageResult> show(PageRequest request) {
    return done(PageResult.ok(render(request, Optional.empty(), Optional.empty(), "")));
  }

  /** {@code POST /sign-in} (dev mode only): signs in as the typed user id. */
  public CompletionStage<PageResult> signIn(PageRequest request) {
    String userId = request.field("userId").strip();
    Optional<FieldError> error = userId.isEmpty() ? Optional.of(new FieldError("user-id", ENTER_USER_ID))
        : RequestRules.isUserId(userId) ? Optional.empty() : Optional.of(new FieldError("user-id", BAD_USER_ID));
    if (error.isPresent()) {
      return done(PageResult.status(400, render(request, error, Optional.empty(), userId)));
    }
    deps.admission().signIn(request.clientAddress());
    LOG.debug("page sign-in userId={}", userId);
    return done(PageResult.seeOther("/").withHeader("Set-Cookie", deps.cookies().setCookieHeader(userId)));
  }

  /** {@code POST /sign-out}: ends this sign-in (its cookie, everywhere) and closes its live connections. */
  public CompletionStage<PageResult> signOut(PageRequest request) {
    if (request.signedIn()) {
      deps.onSignOut().accept(request.caller());
      LOG.debug("page sign-out userId={}", request.userId());
    }
    return done(PageResult.seeOther("/").withHeader("Set-Cookie", deps.cookies().clearHeader()));
  }

  /** {@code POST /conversations}: opens a session with the chosen agent and goes to it. */
  public CompletionStage<PageResult> start(PageRequest request) {
    Optional<AgentType> agent = AgentType.parse(request.field("agentType"));
    if (agent.isEmpty() || (deps.devMode() && !request.signedIn())) {
      // Dev mode signs people in by user id first; a post without a sign-in goes back to that form.
      Optional<FieldError> error = agent.isEmpty()
          ? Optional.of(new FieldError(Agents.radioId(AgentType.values()[0]), SELECT_AGENT)) : Optional.empty();
      return done(error.isPresent() ? PageResult.status(400, render(request, Optional.empty(), error, ""))
          : PageResult.seeOther("/"));
    }
    Identity.SignIn signIn = deps.identity().forNewSession(request.caller(), Optional.empty());
    deps.admission().admit(request.clientAddress(), signIn);
    String sessionId = SessionIds.newId(deps.clock()).toString();
    SessionCreated event = SessionCreated.of(sessionId, signIn.userId(),
        deps.clock().instant().truncatedTo(ChronoUnit.MILLIS),
        new SessionMetadata(agent.get(), truncate(request.userAgent()), null));
    return deps.chatLog().append(event)
        .thenCompose(ack -> deps.readYourWrites().await(sessionId, ack))
        .thenApply(ack -> {
          LOG.debug("page created sessionId={} at {}", sessionId, ack);
          PageResult.Redirect go = PageResult.seeOther("/conversations/" + sessionId);
          return signIn.setCookie() ? go.withHeader("Set-Cookie", deps.cookies().setCookieHeader(signIn.userId()))
              : go;
        });
  }

  private Html render(PageRequest request, Optional<FieldError> signInError, Optional<FieldError> agentError,
      String typedUserId) {
    List<SessionView> sessions = request.signedIn() ? deps.views().sessionsOf(request.userId()) : List.of();
    boolean offerSignIn = deps.devMode() && !request.signedIn();
    return view.render(Layout.Context.of(request).atHome(), new StartPageView.Model(offerSignIn, !offerSignIn,
        request.signedIn(), sessions, signInError.or(() -> agentError), signInError, agentError, typedUserId));
  }

  private static String truncate(String userAgent) {
    if (userAgent == null) {
      return null;
    }
    return userAgent.length() <= RequestRules.MAX_METADATA_TEXT ? userAgent
        : userAgent.substring(0, RequestRules.MAX_METADATA_TEXT);
  }

  private static CompletionStage<PageResult> done(PageResult result) {
    return CompletableFuture.completedFuture(result);
  }
}
