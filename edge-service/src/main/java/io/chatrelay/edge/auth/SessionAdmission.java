package io.chatrelay.edge.auth;

import io.chatrelay.edge.api.Problem;
import io.chatrelay.edge.views.ViewReader;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a session may be created, asked before anything is written, by the API and the start page alike. Anyone
 * may mint a guest by creating a session, and every guest has limits of its own, so new sign-ins and new sessions
 * are limited per client address ({@link ClientAddress}); and each user may keep a bounded number of sessions that
 * are not deleted, counted in its session index, so one user cannot fill Redis.
 *
 * <p>The count is read before the write: requests racing each other may pass the cap by a few, which is harmless.
 */
public final class SessionAdmission {

  private static final Logger LOG = LoggerFactory.getLogger(SessionAdmission.class);

  private final RateLimit signInsPerAddress;
  private final RateLimit sessionsPerAddress;
  private final int maxOpenPerUser;
  private final ViewReader views;

  public SessionAdmission(RateLimit signInsPerAddress, RateLimit sessionsPerAddress, int maxOpenPerUser,
      ViewReader views) {
    this.signInsPerAddress = Objects.requireNonNull(signInsPerAddress, "signInsPerAddress");
    this.sessionsPerAddress = Objects.requireNonNull(sessionsPerAddress, "sessionsPerAddress");
    this.maxOpenPerUser = maxOpenPerUser;
    this.views = Objects.requireNonNull(views, "views");
  }

  /**
   * Blocking (one Redis read); on a worker thread.
   *
   * @throws Problem 429 when the address created too many sessions or sign-ins, 409 when the user has too many
   */
  public void admit(String clientAddress, Identity.SignIn signIn) {
    RateLimit.Decision session = sessionsPerAddress.tryAcquire(clientAddress);
    if (!session.allowed()) {
      LOG.debug("refused a session for userId={}: its address created too many", signIn.userId());
      throw Problem.limited("session-rate-limited", "Too many new sessions",
          "Too many conversations were started from your network in a short time; nothing was created.",
          session.retryAfterSeconds());
    }
    if (signIn.setCookie()) {
      signIn(clientAddress);
    }
    if (views.openSessions(signIn.userId()) >= maxOpenPerUser) {
      LOG.debug("refused a session for userId={}: {} open already", signIn.userId(), maxOpenPerUser);
      throw Problem.tooManySessions(maxOpenPerUser);
    }
  }

  /** A new sign-in (a cookie for a user the caller was not signed in as) from {@code clientAddress}. */
  public void signIn(String clientAddress) {
    RateLimit.Decision signIn = signInsPerAddress.tryAcquire(clientAddress);
    if (!signIn.allowed()) {
      LOG.debug("refused a sign-in: its address signed in too often");
      throw Problem.limited("sign-in-rate-limited", "Too many sign-ins",
          "Too many sign-ins came from your network in a short time; nothing was created.",
          signIn.retryAfterSeconds());
    }
  }
}
