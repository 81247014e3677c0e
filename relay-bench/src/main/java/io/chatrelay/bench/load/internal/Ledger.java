package io.chatrelay.bench.load.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatrelay.bench.load.Percentiles;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Every message the exchange load sent, and what came back for it: acks by client id, the echoed user message (whose
 * metadata carries the client id) to learn the event id, and replies by their {@code inReplyTo}. Frames arrive on
 * the client's I/O threads; everything here is safe for that.
 */
final class Ledger implements BrowserSocket.Listener {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One message: when it was due, which step and client sent it, and what it got. */
  static final class Sent {
    final long dueNanos;
    final int step;
    final int client;
    volatile boolean acked;
    volatile boolean refused;
    int replies;

    Sent(long dueNanos, int step, int client) {
      this.dueNanos = dueNanos;
      this.step = step;
      this.client = client;
    }
  }

  private final ConcurrentHashMap<String, Sent> byClientId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Sent> byEventId = new ConcurrentHashMap<>();
  private final Histogram[] latency;
  private final Histogram[] ackLatency;
  private final Histogram[] echoLatency;
  private final LongAdder[] stepReplied;
  private final LongAdder[] stepAcked;
  private final LongAdder[] stepSent;
  private final LongAdder[] stepDuplicated;
  private final AtomicIntegerArray ackedPerClient;
  private final Recorder interval = new Recorder(1, 600_000_000L, 3);
  final LongAdder sent = new LongAdder();
  final LongAdder acked = new LongAdder();
  final LongAdder replied = new LongAdder();
  final LongAdder agentErrors = new LongAdder();
  final LongAdder refused = new LongAdder();
  final LongAdder duplicated = new LongAdder();
  final LongAdder unmatched = new LongAdder();
  final LongAdder socketsClosed = new LongAdder();
  final LongAdder sendFailures = new LongAdder();
  private volatile long lastReplyNanos = System.nanoTime();

  Ledger(int steps, int clients) {
    latency = new Histogram[steps];
    ackLatency = new Histogram[steps];
    echoLatency = new Histogram[steps];
    stepReplied = new LongAdder[steps];
    stepAcked = new LongAdder[steps];
    stepSent = new LongAdder[steps];
    stepDuplicated = new LongAdder[steps];
    for (int i = 0; i < steps; i++) {
      latency[i] = new ConcurrentHistogram(1, 600_000_000L, 3);
      ackLatency[i] = new ConcurrentHistogram(1, 600_000_000L, 3);
      echoLatency[i] = new ConcurrentHistogram(1, 600_000_000L, 3);
      stepReplied[i] = new LongAdder();
      stepAcked[i] = new LongAdder();
      stepSent[i] = new LongAdder();
      stepDuplicated[i] = new LongAdder();
    }
    ackedPerClient = new AtomicIntegerArray(clients);
  }

  /** Records a message about to be sent; returns its frame. */
  String register(String clientId, int client, int step, long dueNanos, String content) {
    byClientId.put(clientId, new Sent(dueNanos, step, client));
    sent.increment();
    stepSent[step].increment();
    return "{\"id\":\"" + clientId + "\",\"type\":\"message\",\"content\":" + JsonText.quote(content)
        + ",\"metadata\":{\"b\":\"" + clientId + "\"}}";
  }

  @Override
  public void onText(BrowserSocket socket, String text) {
    long now = System.nanoTime();
    JsonNode frame;
    try {
      frame = JSON.readTree(text);
    } catch (IOException e) {
      unmatched.increment();
      return;
    }
    switch (frame.path("type").asText()) {
      case "ack" -> onAck(frame.path("id").asText(), now);
      case "message" -> onEcho(frame, now);
      case "response" -> onReply(frame.path("metadata").path("inReplyTo").asText(null), now, false);
      case "error" -> onError(frame, now);
      default -> { }
    }
  }

  @Override
  public void onClosed(BrowserSocket socket) {
    socketsClosed.increment();
  }

  private void onAck(String clientId, long now) {
    Sent s = byClientId.get(clientId);
    if (s == null || s.acked) {
      return;
    }
    s.acked = true;
    acked.increment();
    stepAcked[s.step].increment();
    ackedPerClient.incrementAndGet(s.client);
    ackLatency[s.step].recordValue(Math.max(1, (now - s.dueNanos) / 1000));
  }

  private void onEcho(JsonNode frame, long now) {
    String clientId = frame.path("metadata").path("b").asText(null);
    Sent s = clientId == null ? null : byClientId.get(clientId);
    if (s != null && byEventId.putIfAbsent(frame.path("id").asText(), s) == null) {
      echoLatency[s.step].recordValue(Math.max(1, (now - s.dueNanos) / 1000));
    }
  }

  private void onError(JsonNode frame, long now) {
    if (frame.has("code")) {
      // A refused frame: the client is told nothing was stored.
      Sent s = byClientId.get(frame.path("id").asText(""));
      if (s != null && !s.refused) {
        s.refused = true;
        refused.increment();
      }
      return;
    }
    onReply(frame.path("metadata").path("inReplyTo").asText(null), now, true);
  }

  private void onReply(String inReplyTo, long now, boolean agentError) {
    Sent s = inReplyTo == null ? null : byEventId.get(inReplyTo);
    if (s == null) {
      unmatched.increment();
      return;
    }
    int count;
    synchronized (s) {
      count = ++s.replies;
    }
    lastReplyNanos = now;
    if (count > 1) {
      duplicated.increment();
      stepDuplicated[s.step].increment();
      return;
    }
    (agentError ? agentErrors : replied).increment();
    stepReplied[s.step].increment();
    long micros = Math.max(1, (now - s.dueNanos) / 1000);
    latency[s.step].recordValue(micros);
    interval.recordValue(micros);
  }

  /** Sent and neither answered nor refused. */
  long outstanding() {
    return sent.sum() - replied.sum() - agentErrors.sum() - refused.sum();
  }

  long lastReplyNanos() {
    return lastReplyNanos;
  }

  Histogram takeInterval() {
    return interval.getIntervalHistogram();
  }

  Percentiles latency(int step) {
    return Percentiles.ofMicros(latency[step]);
  }

  Percentiles echoLatency(int step) {
    return Percentiles.ofMicros(echoLatency[step]);
  }

  Percentiles ackLatency(int step) {
    return Percentiles.ofMicros(ackLatency[step]);
  }

  long replied(int step) {
    return stepReplied[step].sum();
  }

  long acked(int step) {
    return stepAcked[step].sum();
  }

  long duplicated(int step) {
    return stepDuplicated[step].sum();
  }

  int ackedBy(int client) {
    return ackedPerClient.get(client);
  }

  /** Messages of {@code step} neither answered nor refused. */
  long unanswered(int step) {
    long count = 0;
    for (Sent s : byClientId.values()) {
      if (s.step == step && !s.refused) {
        synchronized (s) {
          if (s.replies == 0) {
            count++;
          }
        }
      }
    }
    return count;
  }

  long sent(int step) {
    return stepSent[step].sum();
  }
}
