package io.chatrelay.edge.live.internal;

import io.chatrelay.edge.live.internal.ClientMessageLedger.Fresh;
import io.chatrelay.edge.log.ChatLog;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One write of a client's message, from the producer's hand-off until the brokers decide it. The sender hears once:
 * an acknowledgement, or "unavailable" after {@link #ANSWER_WAIT}. The write itself goes on until the brokers decide
 * ({@link ChatLog#DECIDED_WITHIN}): a broker failing over holds writes for seconds, and a write given up on then may
 * still be stored a moment later, so the claim on the client id stays ours, renewed every {@link #RENEW_EVERY}, and a
 * resend meanwhile waits for this write instead of storing a second copy. A write decided at once (nearly all) costs
 * one timer that finds nothing to do.
 */
final class ClaimedWrite {

  /** How often a write still waiting for the log renews its claim; well within MessageIntake.IN_FLIGHT_WAIT. */
  static final Duration RENEW_EVERY = Duration.ofSeconds(3);
  /** How many renewals a sender waits for its write before it hears "unavailable" and retries later. */
  static final int ANSWER_AFTER_RENEWALS = 2;
  /** How long that is. */
  static final Duration ANSWER_WAIT = RENEW_EVERY.multipliedBy(ANSWER_AFTER_RENEWALS);

  private static final Logger LOG = LoggerFactory.getLogger(ClaimedWrite.class);

  private final MessageIntake.Sender sender;
  private final String clientId;
  private final long from;
  private final ClientMessageLedger ledger;
  private final Clock clock;
  private final Consumer<ChatLog.Ack> onStored;
  private int checks;
  private final AtomicBoolean answered = new AtomicBoolean();
  private final AtomicReference<Fresh> claim;
  private volatile boolean decided;

  /**
   * @param from a lower bound of the offset the message gets: a resend looks from there if the write fails
   * @param onStored records the stored message's seq for later resends
   */
  ClaimedWrite(MessageIntake.Sender sender, String clientId, Fresh claim, long from, ClientMessageLedger ledger,
      Clock clock, Consumer<ChatLog.Ack> onStored) {
    this.sender = Objects.requireNonNull(sender, "sender");
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    this.claim = new AtomicReference<>(Objects.requireNonNull(claim, "claim"));
    this.from = from;
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.onStored = Objects.requireNonNull(onStored, "onStored");
  }

  /** The producer decided: acknowledge (unless the sender already heard), or leave the id for a resend to resolve. */
  void decided(ChatLog.Ack ack, Throwable error) {
    decided = true;
    if (error == null) {
      // Acknowledge first: the ledger only matters to a resend, which finds the claim "in flight" meanwhile.
      if (answered.compareAndSet(false, true)) {
        sender.acknowledge(clientId, ack.offset());
      }
      onStored.accept(ack);
    } else {
      markUncertain();
      answerUnavailable();
    }
  }

  /** Looks again after {@link #RENEW_EVERY}, on the sender's worker. */
  void checkLater() {
    try {
      sender.schedule(RENEW_EVERY, () -> {
        try {
          sender.worker().execute(this::check);
        } catch (RejectedExecutionException shuttingDown) {
          // The edge is stopping; closing the producer decides the write.
        }
      });
    } catch (RejectedExecutionException shuttingDown) {
      // As above.
    }
  }

  /** Still undecided: tell the sender once it has waited long enough, and keep the claim ours. */
  private void check() {
    if (decided) {
      return;
    }
    if (++checks >= ANSWER_AFTER_RENEWALS) {
      answerUnavailable();
    }
    try {
      Fresh renewed = ledger.renew(sender.sessionId(), clientId, claim.get(), from, clock.millis());
      if (renewed == null) {
        return; // no longer ours: the write was decided meanwhile
      }
      claim.set(renewed);
    } catch (RuntimeException e) {
      LOG.warn("cannot renew the claim of a write in flight sessionId={}: {}", sender.sessionId(), e.getMessage());
    }
    if (!decided) {
      checkLater();
    }
  }

  private void answerUnavailable() {
    if (answered.compareAndSet(false, true)) {
      LOG.debug("write undecided or failed sessionId={}: sender told to retry", sender.sessionId());
      sender.unavailable(clientId);
    }
  }

  /**
   * The log did not confirm the write, which does not prove it did not happen (the broker may have stored it and
   * died before answering): a resend looks in the log from {@code from} before storing it again.
   */
  private void markUncertain() {
    try {
      ledger.uncertain(sender.sessionId(), clientId, claim.get(), from);
    } catch (RuntimeException e) {
      LOG.warn("cannot mark client message id uncertain sessionId={}: {}", sender.sessionId(), e.getMessage());
    }
  }
}
