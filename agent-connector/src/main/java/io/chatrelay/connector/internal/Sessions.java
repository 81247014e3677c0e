package io.chatrelay.connector.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live sessions, one {@link SessionWorker} each, created when a session's first message arrives and removed
 * when it has been idle. The poll thread hands work in through the methods here; the workers themselves only ever
 * run on the session loop.
 */
public final class Sessions implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final SessionContext ctx;
  private final BreakerRegistry breakers;
  private final Map<String, SessionWorker> workers = new HashMap<>();
  private final AtomicInteger active = new AtomicInteger();
  private volatile boolean closed;

  public Sessions(SessionContext ctx) {
    this.ctx = ctx;
    this.breakers = new BreakerRegistry(ctx.config().breakerOpen(), ctx.config().slowCall(), ctx.clock(),
        ctx.meters(), this::breakerTransition);
  }

  public BreakerRegistry breakers() {
    return breakers;
  }

  /** Sessions with a worker (a queue, a socket, or both). */
  public int active() {
    return active.get();
  }

  /** Queues a user message for its session; returns at once. */
  public void submit(PendingMessage message) {
    ctx.loop().execute(() -> workerFor(message).enqueue(message));
  }

  /** The user asked to stop the answer to {@code question}; see {@link SessionWorker#cancelAnswer}. */
  public void cancel(String sessionId, UUID question) {
    ctx.loop().execute(() -> {
      SessionWorker worker = workers.get(sessionId);
      if (worker == null) {
        LOG.debug("sessionId={} has nothing in progress; cancel of {} changes nothing", sessionId, question);
      } else {
        worker.cancelAnswer(question);
      }
    });
  }

  /** The session was deleted: its queue counts as handled and its socket closes. */
  public void delete(String sessionId) {
    ctx.loop().execute(() -> {
      SessionWorker worker = remove(sessionId);
      if (worker != null) {
        int dropped = worker.drop(true);
        LOG.info("sessionId={} deleted; {} queued message(s) dropped, agent socket closed", sessionId, dropped);
      }
    });
  }

  /**
   * Stops all work of sessions in {@code partitions} and waits until it has stopped, so nothing more is published
   * for them once another connector may own them. Their messages stay unfinished; the next owner handles them.
   */
  public void abandon(Collection<TopicPartition> partitions) {
    if (closed || partitions.isEmpty()) {
      return;
    }
    Set<TopicPartition> lost = Set.copyOf(partitions);
    int dropped = ctx.loop().call(() -> dropWhere(w -> lost.contains(w.partition())), CALL_TIMEOUT);
    LOG.info("partitions {} released; {} unanswered message(s) left to their next owner", lost, dropped);
  }

  private SessionWorker workerFor(PendingMessage message) {
    return workers.computeIfAbsent(message.sessionId(), id -> {
      URI endpoint = ctx.config().agentUrlFor(message.agentType());
      active.incrementAndGet();
      return new SessionWorker(message, endpoint, breakers.forEndpoint(endpoint), ctx, () -> remove(id));
    });
  }

  private SessionWorker remove(String sessionId) {
    SessionWorker worker = workers.remove(sessionId);
    if (worker != null) {
      active.decrementAndGet();
    }
    return worker;
  }

  private int dropWhere(java.util.function.Predicate<SessionWorker> which) {
    int dropped = 0;
    List<String> ids = new ArrayList<>();
    workers.forEach((id, worker) -> {
      if (which.test(worker)) {
        ids.add(id);
      }
    });
    for (String id : ids) {
      dropped += remove(id).drop(false);
    }
    return dropped;
  }

  /** Called where the transition happened; the workers hear about it on the loop, after the current task. */
  private void breakerTransition(URI endpoint, CircuitBreaker.State from, CircuitBreaker.State to) {
    ctx.loop().execute(() -> List.copyOf(workers.values()).stream()
        .filter(w -> w.endpoint().equals(endpoint))
        .forEach(w -> w.breakerChanged(to)));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      int dropped = ctx.loop().call(() -> dropWhere(w -> true), CALL_TIMEOUT);
      LOG.info("sessions stopped; {} unanswered message(s) left for the next start", dropped);
    } catch (IllegalStateException e) {
      LOG.warn("sessions did not stop cleanly: {}", e.getMessage());
    }
  }
}
