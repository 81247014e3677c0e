package io.chatrelay.edge.live.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.edge.api.JsonBodies;
import io.chatrelay.edge.api.Problem;
import io.chatrelay.edge.api.RequestRules;
import io.chatrelay.events.json.Json;
import java.util.Map;
import java.util.UUID;

/**
 * Reads the frames a browser sends, each with an {@code id} of 1 to 64 characters:
 * <pre>
 * {"id","type":"message","content":"&lt;1..1000 chars&gt;","metadata":{...}}
 * {"id","type":"cancel","inReplyTo":"&lt;a user message's id&gt;"}
 * {"id","type":"feedback","inReplyTo":"&lt;a user message's id&gt;","rating":"up"|"down","comment":"&lt;0..1000&gt;"}
 * </pre>
 * A frame that breaks a rule is refused with the code and sentence of its error frame; the socket stays open.
 */
public final class ClientFrames {

  public static final int MAX_ID_CODE_POINTS = 64;

  /** Why a frame was refused, as its error frame says it; {@code clientId} is null unless the frame had a good id. */
  public static final class Refusal extends RuntimeException {

    private final String code;
    private final String clientId;

    Refusal(String code, String content, String clientId) {
      super(content, null, false, false);
      this.code = code;
      this.clientId = clientId;
    }

    public String code() {
      return code;
    }

    public String clientId() {
      return clientId;
    }

    public String frame() {
      return LiveFrames.error(code, getMessage(), clientId, null);
    }
  }

  private ClientFrames() {}

  public static ClientRequest parse(String text) {
    ObjectNode frame = object(text);
    JsonNode idNode = frame.get("id");
    String id = idNode != null && idNode.isTextual() && validId(idNode.textValue()) ? idNode.textValue() : null;
    JsonNode typeNode = frame.get("type");
    String type = typeNode != null && typeNode.isTextual() ? typeNode.textValue() : "";
    if (!type.equals("message") && !type.equals("cancel") && !type.equals("feedback")) {
      throw new Refusal("unknown_type",
          "Only frames of type \"message\", \"cancel\" and \"feedback\" are understood.", id);
    }
    if (id == null) {
      throw new Refusal("invalid_id", "id must be a string of 1 to " + MAX_ID_CODE_POINTS + " characters.", null);
    }
    return switch (type) {
      case "cancel" -> new ClientRequest.Cancel(id, inReplyTo(frame, id));
      case "feedback" -> feedback(frame, id);
      default -> message(frame, id);
    };
  }

  private static ClientRequest.Message message(ObjectNode frame, String id) {
    try {
      String content = RequestRules.requireContent(JsonBodies.requiredText(frame, "content"));
      Map<String, Object> metadata = JsonBodies.optionalObject(frame, "metadata").map(JsonBodies::freeForm)
          .orElse(Map.of());
      return new ClientRequest.Message(id, content, metadata);
    } catch (Problem problem) {
      boolean aboutMetadata = problem.detail().startsWith("metadata");
      throw new Refusal(aboutMetadata ? "invalid_metadata" : "invalid_content", problem.detail(), id);
    }
  }

  private static ClientRequest.Feedback feedback(ObjectNode frame, String id) {
    UUID inReplyTo = inReplyTo(frame, id);
    try {
      String rating = RequestRules.requireRating(JsonBodies.optionalText(frame, "rating").orElse(null));
      String comment = RequestRules.optionalComment(JsonBodies.optionalText(frame, "comment"));
      return new ClientRequest.Feedback(id, inReplyTo, rating, comment);
    } catch (Problem problem) {
      throw new Refusal("invalid_feedback", problem.detail(), id);
    }
  }

  private static UUID inReplyTo(ObjectNode frame, String id) {
    try {
      return RequestRules.requireMessageId(JsonBodies.optionalText(frame, "inReplyTo").orElse(null), "inReplyTo");
    } catch (Problem problem) {
      throw new Refusal("invalid_in_reply_to", problem.detail(), id);
    }
  }

  private static ObjectNode object(String text) {
    JsonNode node;
    try {
      node = Json.mapper().readTree(text);
    } catch (JacksonException e) {
      // Jackson's message would echo the input back: say only that it is not JSON.
      throw new Refusal("invalid_json", "The frame is not valid JSON.", null);
    }
    if (node == null || node.isMissingNode()) {
      throw new Refusal("invalid_json", "The frame is empty.", null);
    }
    if (!(node instanceof ObjectNode object)) {
      throw new Refusal("invalid_frame", "A frame must be a JSON object.", null);
    }
    return object;
  }

  private static boolean validId(String id) {
    int length = id.codePointCount(0, id.length());
    return length >= 1 && length <= MAX_ID_CODE_POINTS;
  }
}
