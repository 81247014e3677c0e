package io.chatrelay.edge.live.internal;

import io.chatrelay.edge.live.internal.ClientMessageLedger.Claim;
import io.chatrelay.edge.live.internal.ClientMessageLedger.Fresh;
import io.chatrelay.edge.live.internal.ClientMessageLedger.InFlight;
import io.chatrelay.edge.live.internal.ClientMessageLedger.Stored;
import io.chatrelay.edge.live.internal.ClientMessageLedger.Uncertain;
import io.chatrelay.edge.log.ChatLog;
import io.chatrelay.events.ChatEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a client's request (a message, a stop, a rating) in the log exactly once per client id of its session and
 * acknowledges it with its seq, however often it is sent: a browser's frame resent after a dropped connection, or a
 * REST request retried with the same {@code Idempotency-Key}, on any edge instance. Runs on worker threads (it
 * talks to Redis and may wait for the
 * producer); each socket's frames come one at a time.
 */
final class MessageIntake {

  /** Who sends a message with a client id, and hears how it went. */
  interface Sender {

    String sessionId();

    /** The session's partition of the log. */
    int partition();

    /** A lower bound of the offset the session's next event will get. */
    long logPosition();

    /** Where the blocking work runs. */
    Executor worker();

    /** True once nobody is listening any more. */
    boolean closing();

    void schedule(Duration delay, Runnable task);

    /** The event the request is written as now, stamped {@code at}, carrying the request's id. */
    ChatEvent newEvent(Instant at, ClientRequest request);

    /** This attempt is writing {@code event} for the request {@code clientId}; an ack or an unavailable follows. */
    void storing(String clientId, ChatEvent event);

    /** The message with this client id is in the log at {@code seq}. */
    void acknowledge(String clientId, long seq);

    /** Nothing is known to be stored: the sender should send it again, with the same id, later. */
    void unavailable(String clientId);
  }

  private static final Logger LOG = LoggerFactory.getLogger(MessageIntake.class);
  /** How often a resend looks again whether the first copy, being stored elsewhere, has its seq yet. */
  static final Duration RECHECK = Duration.ofMillis(100);
  /** How long a resend waits for the copy being stored elsewhere before it hears "unavailable" (and retries). */
  static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(10);

  private final ClientMessageLedger ledger;
  private final ChatLog log;
  private final LogRangeReader logReader;
  private final Clock clock;

  MessageIntake(ClientMessageLedger ledger, ChatLog log, LogRangeReader logReader, Clock clock) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.log = Objects.requireNonNull(log, "log");
    this.logReader = Objects.requireNonNull(logReader, "logReader");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Completes once the message is handed to the producer (or answered), so the sender's next one may follow. */
  CompletionStage<?> store(Sender sender, ClientRequest message) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    attempt(sender, message, new Wait(clock.millis() + IN_FLIGHT_WAIT.toMillis()), done);
    return done;
  }

  /**
   * A resend waiting for a copy being stored elsewhere: until when, and the claim it first saw. A live writer renews
   * its claim every {@link ClaimedWrite#RENEW_EVERY}; one that did not change during the whole wait belongs to a
   * writer that is gone. Comparing the claim with itself, not its time with ours, keeps edges' clocks out of it.
   */
  private static final class Wait {
    final long deadline;
    String firstSeen;

    Wait(long deadline) {
      this.deadline = deadline;
    }
  }

  private void attempt(Sender sender, ClientRequest message, Wait wait, CompletableFuture<Void> done) {
    long deadline = wait.deadline;
    if (sender.closing()) {
      done.complete(null);
      return;
    }
    Claim claim;
    try {
      claim = ledger.claim(sender.sessionId(), message.id(), sender.logPosition(), clock.millis());
    } catch (RuntimeException e) {
      LOG.warn("cannot check client message id sessionId={}: {}", sender.sessionId(), e.getMessage());
      sender.unavailable(message.id());
      done.complete(null);
      return;
    }
    if (claim instanceof Stored stored) {
      LOG.debug("resend of a stored message sessionId={} seq={}", sender.sessionId(), stored.seq());
      sender.acknowledge(message.id(), stored.seq());
      done.complete(null);
    } else if (claim instanceof Fresh fresh) {
      produce(sender, message, fresh);
      done.complete(null);
    } else if (claim instanceof Uncertain uncertain) {
      resolve(sender, message, uncertain, deadline, done);
    } else if (claim instanceof InFlight inFlight && inFlight.from().isPresent() && clock.millis() >= deadline
        && inFlight.value().equals(wait.firstSeen)) {
      // Nobody renewed the claim while we waited: its writer died mid-write (a killed edge). Look for its copy.
      LOG.warn("resend of a message whose writer is presumed gone sessionId={}; looking for its copy from {}",
          sender.sessionId(), inFlight.from().getAsLong());
      resolve(sender, message, new Uncertain(inFlight.from().getAsLong(), inFlight.value()),
          clock.millis() + IN_FLIGHT_WAIT.toMillis(), done);
    } else if (clock.millis() >= deadline) {
      LOG.warn("resend still being stored elsewhere after {} ms sessionId={}", IN_FLIGHT_WAIT.toMillis(),
          sender.sessionId());
      sender.unavailable(message.id());
      done.complete(null);
    } else {
      // Another sender (maybe on another instance) is storing this id: wait for its seq without holding a thread.
      if (wait.firstSeen == null && claim instanceof InFlight inFlight) {
        wait.firstSeen = inFlight.value();
      }
      sender.schedule(RECHECK, () -> sender.worker().execute(() -> attempt(sender, message, wait, done)));
    }
  }

  /** An earlier attempt may have stored the message: look in the log before storing it again. */
  private void resolve(Sender sender, ClientRequest message, Uncertain uncertain, long deadline,
      CompletableFuture<Void> done) {
    OptionalLong found;
    try {
      found = logReader.findClientMessage(sender.partition(), uncertain.from(), sender.sessionId(), message.id());
    } catch (RuntimeException e) {
      LOG.warn("cannot look for an earlier copy sessionId={} from {}: {}", sender.sessionId(), uncertain.from(),
          e.getMessage());
      sender.unavailable(message.id());
      done.complete(null);
      return;
    }
    if (found.isPresent()) {
      LOG.debug("resend found stored by an attempt that failed sessionId={} seq={}", sender.sessionId(),
          found.getAsLong());
      remember(sender, message, new ChatLog.Ack(sender.partition(), found.getAsLong()));
      sender.acknowledge(message.id(), found.getAsLong());
      done.complete(null);
      return;
    }
    Fresh fresh;
    try {
      fresh = ledger.reclaim(sender.sessionId(), message.id(), uncertain, sender.logPosition(), clock.millis());
    } catch (RuntimeException e) {
      LOG.warn("cannot claim client message id sessionId={}: {}", sender.sessionId(), e.getMessage());
      sender.unavailable(message.id());
      done.complete(null);
      return;
    }
    if (fresh == null) {
      attempt(sender, message, new Wait(deadline), done); // someone else moved first: see what they did
    } else {
      produce(sender, message, fresh);
      done.complete(null);
    }
  }

  private void produce(Sender sender, ClientRequest message, Fresh claim) {
    ChatEvent event = sender.newEvent(clock.instant(), message);
    sender.storing(message.id(), event);
    ClaimedWrite write = new ClaimedWrite(sender, message.id(), claim, sender.logPosition(), ledger, clock,
        ack -> remember(sender, message, ack));
    write.checkLater();
    // append() hands the record to the producer before it returns, so the next frame cannot overtake this one.
    log.appendUntilDecided(event).whenCompleteAsync(write::decided, sender.worker());
  }

  private void remember(Sender sender, ClientRequest message, ChatLog.Ack ack) {
    try {
      ledger.stored(sender.sessionId(), message.id(), ack.offset());
    } catch (RuntimeException e) {
      // The message is stored; only a later resend would find it "in flight" until the claim expires.
      LOG.warn("cannot record client message id sessionId={} at {}: {}", sender.sessionId(), ack, e.getMessage());
    }
  }
}
