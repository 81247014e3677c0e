package io.chatrelay.connector.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.events.json.Json;
import java.net.ConnectException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The agent end of every session's line, in memory: it records what each session asked and answers only when the
 * test says so. While {@link #unreachable} is set, sending fails as a refused connection would.
 */
final class StandInAgent implements AgentChannel.Opener {

  private final TaskLoop loop;
  private final List<Line> lines = new ArrayList<>();
  boolean unreachable;

  StandInAgent(TaskLoop loop) {
    this.loop = loop;
  }

  @Override
  public AgentChannel open(String sessionId, String userId, URI endpoint, AgentChannel.Listener listener) {
    Line line = new Line(sessionId, listener);
    lines.add(line);
    return line;
  }

  /** The line of {@code sessionId} opened last. */
  Line line(String sessionId) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).sessionId.equals(sessionId)) {
        return lines.get(i);
      }
    }
    throw new AssertionError("no line was opened for session " + sessionId);
  }

  /** Every question asked, over all sessions, as the agent read it. */
  List<JsonNode> questions() {
    return lines.stream().flatMap(line -> line.questions.stream()).toList();
  }

  /** One session's line; its answers reach the worker on the loop, as a socket's do. */
  final class Line implements AgentChannel {

    private final String sessionId;
    private final AgentChannel.Listener listener;
    final List<JsonNode> questions = new ArrayList<>();
    /** The {@code cancel} frames the connector sent, as the agent read them. */
    final List<JsonNode> cancels = new ArrayList<>();
    int attempts;
    int discards;
    String closedWith;

    Line(String sessionId, AgentChannel.Listener listener) {
      this.sessionId = sessionId;
      this.listener = listener;
    }

    @Override
    public CompletableFuture<Void> send(String frame) {
      attempts++;
      CompletableFuture<Void> sent = new CompletableFuture<>();
      if (unreachable) {
        loop.execute(() -> sent.completeExceptionally(new ConnectException("connection refused")));
      } else {
        JsonNode parsed = parse(frame);
        (parsed.path("type").asText().equals("cancel") ? cancels : questions).add(parsed);
        loop.execute(() -> sent.complete(null));
      }
      return sent;
    }

    @Override
    public void discard() {
      discards++;
    }

    @Override
    public void close(String reason) {
      closedWith = reason;
    }

    /** The agent answers {@code question} with a response frame. */
    void respond(UUID question, String content) {
      frame("response", content, question, null);
    }

    /** The agent streams one piece of its answer to {@code question}, as the protocol's delta frame. */
    void delta(UUID question, int index, String content) {
      var frame = Json.mapper().createObjectNode().put("type", "response.delta")
          .put("inReplyTo", question.toString()).put("content", content).put("index", index);
      loop.execute(() -> listener.onFrame(AgentFrame.parse(frame.toString())));
    }

    /** The agent answers {@code question} with an error frame. */
    void refuse(UUID question, String content) {
      frame("error", content, question, null);
    }

    /** The agent reports its progress. */
    void status(String status) {
      frame("status", "working on it", null, status);
    }

    /** The connection ends without being asked to. */
    void lose(String reason) {
      loop.execute(() -> listener.onLinkLost(reason));
    }

    private void frame(String type, String content, UUID inReplyTo, String status) {
      var metadata = Json.mapper().createObjectNode();
      if (inReplyTo != null) {
        metadata.put("inReplyTo", inReplyTo.toString());
      }
      if (status != null) {
        metadata.put("status", status);
      }
      var frame = Json.mapper().createObjectNode().put("id", UUID.randomUUID().toString()).put("type", type)
          .put("content", content);
      frame.set("metadata", metadata);
      loop.execute(() -> listener.onFrame(AgentFrame.parse(frame.toString())));
    }

    private static JsonNode parse(String frame) {
      try {
        return Json.mapper().readTree(frame);
      } catch (java.io.IOException e) {
        throw new AssertionError("the connector sent a frame that is not JSON: " + frame, e);
      }
    }
  }
}
