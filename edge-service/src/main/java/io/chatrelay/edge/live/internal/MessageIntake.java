package io.chatrelay.edge.live.internal;

import io.chatrelay.edge.internal.ChatLog;
import io.chatrelay.edge.live.internal.ClientFrames.ClientMessage;
import io.chatrelay.edge.live.internal.ClientMessageLedger.Claim;
import io.chatrelay.edge.live.internal.ClientMessageLedger.Fresh;
import io.chatrelay.edge.live.internal.ClientMessageLedger.InFlight;
import io.chatrelay.edge.live.internal.ClientMessageLedger.Stored;
import io.chatrelay.edge.live.internal.ClientMessageLedger.Uncertain;
import io.chatrelay.events.UserMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a browser's message frame in the log exactly once per client id and acknowledges it with its seq. Runs on
 * worker threads (it talks to Redis and may wait for the producer); each socket's frames come one at a time.
 */
final class MessageIntake {

  private static final Logger LOG = LoggerFactory.getLogger(MessageIntake.class);
  /** How often a resend looks again whether the first copy, being stored elsewhere, has its seq yet. */
  static final Duration RECHECK = Duration.ofMillis(100);
  /** Longer than a produce can take (the producer's delivery timeout and the log's guard), so it decides. */
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

  /** Completes once the message is handed to the producer (or answered), so the socket's next one may follow. */
  CompletionStage<?> store(LiveConnection socket, ClientMessage message) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    attempt(socket, message, clock.millis() + IN_FLIGHT_WAIT.toMillis(), done);
    return done;
  }

  private void attempt(LiveConnection socket, ClientMessage message, long deadline, CompletableFuture<Void> done) {
    if (socket.closing()) {
      done.complete(null);
      return;
    }
    Claim claim;
    try {
      claim = ledger.claim(socket.sessionId(), message.id(), socket.logPosition());
    } catch (RuntimeException e) {
      LOG.warn("cannot check client message id sessionId={}: {}", socket.sessionId(), e.getMessage());
      unavailable(socket, message);
      done.complete(null);
      return;
    }
    if (claim instanceof Stored stored) {
      LOG.debug("resend of a stored message sessionId={} seq={}", socket.sessionId(), stored.seq());
      socket.acknowledge(message.id(), stored.seq());
      done.complete(null);
    } else if (claim instanceof Fresh fresh) {
      produce(socket, message, fresh);
      done.complete(null);
    } else if (claim instanceof Uncertain uncertain) {
      resolve(socket, message, uncertain, deadline, done);
    } else if (clock.millis() >= deadline && claim instanceof InFlight inFlight && inFlight.from().isPresent()) {
      // No live attempt takes this long: its writer died mid-write (a killed edge). Look for its copy in the log.
      LOG.warn("resend still being stored elsewhere after {} ms sessionId={}; taking over from a writer presumed "
          + "gone", IN_FLIGHT_WAIT.toMillis(), socket.sessionId());
      resolve(socket, message, new Uncertain(inFlight.from().getAsLong(), inFlight.value()),
          clock.millis() + IN_FLIGHT_WAIT.toMillis(), done);
    } else if (clock.millis() >= deadline) {
      LOG.warn("resend still being stored elsewhere after {} ms sessionId={}", IN_FLIGHT_WAIT.toMillis(),
          socket.sessionId());
      unavailable(socket, message);
      done.complete(null);
    } else {
      // Another socket (maybe on another instance) is storing this id: wait for its seq without holding a thread.
      socket.schedule(RECHECK, () -> socket.worker().execute(() -> attempt(socket, message, deadline, done)));
    }
  }

  /** An earlier attempt may have stored the message: look in the log before storing it again. */
  private void resolve(LiveConnection socket, ClientMessage message, Uncertain uncertain, long deadline,
      CompletableFuture<Void> done) {
    OptionalLong found;
    try {
      found = logReader.findClientMessage(socket.partition(), uncertain.from(), socket.sessionId(), message.id());
    } catch (RuntimeException e) {
      LOG.warn("cannot look for an earlier copy sessionId={} from {}: {}", socket.sessionId(), uncertain.from(),
          e.getMessage());
      unavailable(socket, message);
      done.complete(null);
      return;
    }
    if (found.isPresent()) {
      LOG.debug("resend found stored by an attempt that failed sessionId={} seq={}", socket.sessionId(),
          found.getAsLong());
      remember(socket, message, new ChatLog.Ack(socket.partition(), found.getAsLong()));
      socket.acknowledge(message.id(), found.getAsLong());
      done.complete(null);
      return;
    }
    Fresh fresh;
    try {
      fresh = ledger.reclaim(socket.sessionId(), message.id(), uncertain, socket.logPosition());
    } catch (RuntimeException e) {
      LOG.warn("cannot claim client message id sessionId={}: {}", socket.sessionId(), e.getMessage());
      unavailable(socket, message);
      done.complete(null);
      return;
    }
    if (fresh == null) {
      attempt(socket, message, deadline, done); // someone else moved first: see what they did
    } else {
      produce(socket, message, fresh);
      done.complete(null);
    }
  }

  private void produce(LiveConnection socket, ClientMessage message, Fresh claim) {
    UserMessage event = UserMessage.of(socket.sessionId(), socket.userId(),
        clock.instant().truncatedTo(ChronoUnit.MILLIS), message.id(), message.content(), message.metadata(),
        socket.agentType());
    socket.expectAck(message.id());
    long from = socket.logPosition();
    // append() hands the record to the producer before it returns, so the next frame cannot overtake this one.
    log.append(event).whenCompleteAsync((ack, error) -> {
      if (error == null) {
        // Acknowledge first: the ledger only matters to a resend, which finds the claim "in flight" meanwhile.
        socket.acknowledge(message.id(), ack.offset());
        remember(socket, message, ack);
      } else {
        uncertain(socket, message, claim, from);
        socket.forgetAck(message.id());
        unavailable(socket, message);
      }
    }, socket.worker());
  }

  private void remember(LiveConnection socket, ClientMessage message, ChatLog.Ack ack) {
    try {
      ledger.stored(socket.sessionId(), message.id(), ack.offset());
    } catch (RuntimeException e) {
      // The message is stored; only a later resend would find it "in flight" until the claim expires.
      LOG.warn("cannot record client message id sessionId={} at {}: {}", socket.sessionId(), ack, e.getMessage());
    }
  }

  /**
   * The log did not confirm the write, which does not prove it did not happen (the broker may have stored it and
   * died before answering): a resend looks in the log from {@code from} before storing it again.
   */
  private void uncertain(LiveConnection socket, ClientMessage message, Fresh claim, long from) {
    try {
      ledger.uncertain(socket.sessionId(), message.id(), claim, from);
    } catch (RuntimeException e) {
      LOG.warn("cannot mark client message id uncertain sessionId={}: {}", socket.sessionId(), e.getMessage());
    }
  }

  private static void unavailable(LiveConnection socket, ClientMessage message) {
    socket.sendError(LiveFrames.error("unavailable",
        "The message could not be stored right now. Send it again with the same id.", message.id(),
        ChatLog.RETRY_AFTER_SECONDS));
  }
}
