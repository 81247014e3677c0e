package io.chatrelay.edge.live.internal;

import io.chatrelay.edge.api.NewMessageRequest;
import io.chatrelay.edge.api.Problem;
import io.chatrelay.edge.log.ChatLog;
import io.chatrelay.edge.log.KeyedMessages;
import io.chatrelay.edge.views.SessionView;
import io.chatrelay.events.AnswerFeedback;
import io.chatrelay.events.CancelRequested;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.UserMessage;
import io.chatrelay.events.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REST messages with an {@code Idempotency-Key}, stored through the same intake as the WebSocket's frames: one
 * record in the log per key and session, the same claim in Redis whichever edge instance a retry reaches. A retry
 * of a stored message is answered from the log, where the first copy is.
 */
public final class KeyedSends implements KeyedMessages {

  private static final Logger LOG = LoggerFactory.getLogger(KeyedSends.class);

  private final MessageIntake intake;
  private final LiveFeed feed;
  private final LogRangeReader logReader;

  KeyedSends(MessageIntake intake, LiveFeed feed, LogRangeReader logReader) {
    this.intake = Objects.requireNonNull(intake, "intake");
    this.feed = Objects.requireNonNull(feed, "feed");
    this.logReader = Objects.requireNonNull(logReader, "logReader");
  }

  @Override
  public CompletionStage<Sent> send(SessionView session, String key, NewMessageRequest message, Executor worker) {
    return store(session, new ClientRequest.Message(key, message.content(), message.metadata()), worker);
  }

  @Override
  public CompletionStage<Sent> cancel(SessionView session, String key, UUID inReplyTo, Executor worker) {
    return store(session, new ClientRequest.Cancel(key, inReplyTo), worker);
  }

  @Override
  public CompletionStage<Sent> rate(SessionView session, String key, UUID inReplyTo, String rating, String comment,
      Executor worker) {
    return store(session, new ClientRequest.Feedback(key, inReplyTo, rating, comment), worker);
  }

  private CompletionStage<Sent> store(SessionView session, ClientRequest clientRequest, Executor worker) {
    Request request = new Request(session, feed.partitionOf(session.id()), clientRequest, worker);
    intake.store(request, clientRequest);
    return request.result;
  }

  /** The stored copy of what an earlier request sent with this key, if it is the same request. */
  private Sent earlierCopy(Request request, long seq) {
    String key = request.message.id();
    AtomicReference<ChatEvent> found = new AtomicReference<>();
    logReader.read(request.partition, seq, seq + 1, request.session.id(), event -> {
      if (key.equals(ClientIds.of(event.event()))) {
        found.set(event.event());
      }
      return false;
    });
    ChatEvent stored = found.get();
    if (stored == null) {
      LOG.error("sessionId={} key recorded at seq={} but the log has no such message there", request.session.id(),
          seq);
      throw Problem.internal();
    }
    if (!sameRequest(stored, request.message)) {
      LOG.debug("sessionId={} key of seq={} reused for a different message", request.session.id(), seq);
      throw Problem.keyReused();
    }
    return new Sent(new ChatLog.Ack(request.partition, seq), stored, true);
  }

  /** Metadata is compared as JSON, as both were read from JSON: its numbers need not be of one Java type. */
  private static boolean sameRequest(ChatEvent stored, ClientRequest sent) {
    if (stored instanceof UserMessage m && sent instanceof ClientRequest.Message s) {
      return m.content().equals(s.content())
          && Json.mapper().valueToTree(m.metadata()).equals(Json.mapper().valueToTree(s.metadata()));
    }
    if (stored instanceof CancelRequested c && sent instanceof ClientRequest.Cancel s) {
      return c.inReplyTo().equals(s.inReplyTo());
    }
    if (stored instanceof AnswerFeedback f && sent instanceof ClientRequest.Feedback s) {
      return f.inReplyTo().equals(s.inReplyTo()) && f.rating().equals(s.rating())
          && Objects.equals(f.comment(), s.comment());
    }
    return false;
  }

  /** One request's attempt: it completes {@link #result} once. */
  private final class Request implements MessageIntake.Sender {

    private final SessionView session;
    private final int partition;
    private final ClientRequest message;
    private final Executor worker;
    private final CompletableFuture<Sent> result = new CompletableFuture<>();
    private volatile ChatEvent writing;

    Request(SessionView session, int partition, ClientRequest message, Executor worker) {
      this.session = session;
      this.partition = partition;
      this.message = message;
      this.worker = worker;
    }

    @Override
    public String sessionId() {
      return session.id();
    }

    @Override
    public int partition() {
      return partition;
    }

    @Override
    public long logPosition() {
      return feed.position(partition);
    }

    @Override
    public Executor worker() {
      return worker;
    }

    @Override
    public boolean closing() {
      return result.isDone();
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
      CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS).execute(task);
    }

    @Override
    public ChatEvent newEvent(Instant at, ClientRequest request) {
      return request.toEvent(session.id(), session.userId(), session.persona(), at);
    }

    @Override
    public void storing(String clientId, ChatEvent event) {
      writing = event;
    }

    /** Called on a worker thread: reading the first copy from the log may block. */
    @Override
    public void acknowledge(String clientId, long seq) {
      ChatEvent ours = writing;
      if (ours != null) {
        result.complete(new Sent(new ChatLog.Ack(partition, seq), ours, false));
        return;
      }
      try {
        result.complete(earlierCopy(this, seq));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    }

    @Override
    public void unavailable(String clientId) {
      result.completeExceptionally(Problem.unavailable("The message could not be stored right now; nothing is known "
          + "to be saved. Send it again with the same Idempotency-Key.", ChatLog.RETRY_AFTER_SECONDS));
    }
  }
}
