package io.chatrelay.edge.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.events.json.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads request bodies as JSON objects and their members with the types the API promises. */
public final class JsonBodies {

  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private JsonBodies() {}

  /** The body as a JSON object; an empty body is an empty object when {@code emptyAllowed}. */
  public static ObjectNode object(byte[] body, boolean emptyAllowed) {
    if (body.length == 0 || isBlank(body)) {
      if (emptyAllowed) {
        return Json.mapper().createObjectNode();
      }
      throw Problem.badRequest("A JSON object body is required.");
    }
    JsonNode node;
    try {
      node = Json.mapper().readTree(body);
    } catch (JacksonException e) {
      // Jackson's message would echo parts of the input back: say where, not what.
      String where = e.getLocation() == null ? ""
          : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
      throw Problem.badRequest("The body is not valid JSON" + where + ".");
    } catch (IOException e) {
      throw Problem.badRequest("The body could not be read as JSON.");
    }
    if (!(node instanceof ObjectNode object)) {
      throw Problem.badRequest("The body must be a JSON object.");
    }
    return object;
  }

  /** An optional string member: absent or null is empty, any other type is refused. */
  public static Optional<String> optionalText(ObjectNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw Problem.badRequest(name + " must be a string.");
    }
    return Optional.of(value.textValue());
  }

  public static String requiredText(ObjectNode node, String name) {
    return optionalText(node, name).orElseThrow(() -> Problem.badRequest(name + " is required."));
  }

  /** An optional object member: absent or null is empty, any other type is refused. */
  public static Optional<ObjectNode> optionalObject(ObjectNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!(value instanceof ObjectNode object)) {
      throw Problem.badRequest(name + " must be a JSON object.");
    }
    return Optional.of(object);
  }

  /**
   * A free-form object as a map. Top-level nulls are dropped: the log's events hold immutable maps, which cannot
   * hold null, and a null member says no more than an absent one.
   */
  public static Map<String, Object> freeForm(ObjectNode node) {
    Map<String, Object> map = Json.mapper().convertValue(node, MAP);
    map.values().removeIf(java.util.Objects::isNull);
    return map;
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
