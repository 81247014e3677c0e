package io.chatrelay.edge.live.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.events.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.xnio.XnioExecutor;

/**
 * A browser's socket with no network under it: it keeps the frames it was handed, and its blocking work runs on the
 * caller's thread. While {@link #reading} is false the browser reads nothing, so nothing handed to it is written.
 */
final class StandInChannel implements ClientChannel {

  private final ManualTimers timers;
  private final List<String> sent = new ArrayList<>();
  private final List<Runnable> unwritten = new ArrayList<>();
  boolean reading = true;
  int pings;
  Integer closeCode;
  String closeReason;
  boolean dropped;

  StandInChannel(ManualTimers timers) {
    this.timers = timers;
  }

  /** The text frames handed to the socket so far, as JSON. */
  List<JsonNode> frames() {
    return sent.stream().map(StandInChannel::json).toList();
  }

  @Override
  public void sendText(ByteBuffer frame, Runnable written) {
    sent.add(StandardCharsets.UTF_8.decode(frame).toString());
    if (reading) {
      written.run();
    } else {
      unwritten.add(written);
    }
  }

  @Override
  public void sendPing() {
    pings++;
  }

  @Override
  public void sendClose(int code, String reason) {
    closeCode = code;
    closeReason = reason;
  }

  @Override
  public boolean closeFrameSent() {
    return closeCode != null;
  }

  @Override
  public void drop() {
    dropped = true;
  }

  @Override
  public Executor worker() {
    return Runnable::run;
  }

  @Override
  public XnioExecutor.Key schedule(Duration delay, Runnable task) {
    return timers.schedule(delay, task);
  }

  private static JsonNode json(String frame) {
    try {
      return Json.mapper().readTree(frame);
    } catch (IOException e) {
      throw new UncheckedIOException("the edge sent a frame that is not JSON: " + frame, e);
    }
  }
}
