package io.chatrelay.launcher.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docs/asyncapi.yaml}, read as the tests need it: which messages each topic carries, and JSON Schema
 * validators for a message's payload, headers and key, resolved inside the document.
 */
public final class AsyncApiDocument {

  public static final Path LOCATION = Path.of("..", "docs", "asyncapi.yaml");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

  private final JsonNode root;

  private AsyncApiDocument(JsonNode root) {
    this.root = root;
  }

  public static AsyncApiDocument load() {
    try {
      return new AsyncApiDocument(new ObjectMapper(new YAMLFactory()).readTree(Files.readString(LOCATION)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + LOCATION.toAbsolutePath(), e);
    }
  }

  public JsonNode root() {
    return root;
  }

  /** The channel whose {@code address} is {@code topic}. */
  public JsonNode channel(String topic) {
    for (Iterator<JsonNode> it = root.path("channels").elements(); it.hasNext(); ) {
      JsonNode channel = it.next();
      if (topic.equals(channel.path("address").asText())) {
        return channel;
      }
    }
    throw new AssertionError("docs/asyncapi.yaml has no channel with address " + topic);
  }

  /** Message name → its component, for every message the topic's channel lists. */
  public Map<String, JsonNode> messages(String topic) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    channel(topic).path("messages").fields().forEachRemaining(e -> out.put(e.getKey(), resolve(e.getValue())));
    return out;
  }

  /** Problems of {@code json} against the payload schema of {@code message} on {@code topic}; empty when valid. */
  public List<String> payloadProblems(String topic, String message, String json) {
    return problems(schemaAt(messageNode(topic, message).path("payload")), json);
  }

  public List<String> headerProblems(String topic, String message, Map<String, String> headers) {
    try {
      return problems(schemaAt(messageNode(topic, message).path("headers")), JSON.writeValueAsString(headers));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<String> keyProblems(String topic, String message, String key) {
    JsonNode keySchema = messageNode(topic, message).path("bindings").path("kafka").path("key");
    try {
      return problems(schemaAt(keySchema), JSON.writeValueAsString(key));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode messageNode(String topic, String message) {
    JsonNode node = messages(topic).get(message);
    if (node == null) {
      throw new AssertionError("topic " + topic + " documents no message " + message);
    }
    return node;
  }

  /**
   * A schema for {@code node} (inline or a {@code $ref}) with the document's component schemas as draft-7
   * {@code definitions}, so references between schemas resolve.
   */
  private Schema schemaAt(JsonNode node) {
    if (node.isMissingNode()) {
      throw new AssertionError("schema missing in docs/asyncapi.yaml");
    }
    ObjectNode document = JSON.createObjectNode();
    document.set("definitions", root.at("/components/schemas"));
    document.set("allOf", JSON.createArrayNode().add(node));
    try {
      String json = JSON.writeValueAsString(document).replace("\"#/components/schemas/", "\"#/definitions/");
      return SCHEMAS.getSchema(json, InputFormat.JSON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> problems(Schema schema, String json) {
    List<String> out = new ArrayList<>();
    for (Error error : schema.validate(json, InputFormat.JSON)) {
      out.add(error.toString());
    }
    return out;
  }

  private JsonNode resolve(JsonNode node) {
    JsonNode ref = node.get("$ref");
    if (ref == null) {
      return node;
    }
    String pointer = ref.asText();
    if (!pointer.startsWith("#/")) {
      throw new AssertionError("only local references are expected, found " + pointer);
    }
    JsonNode target = root.at(pointer.substring(1));
    if (target.isMissingNode()) {
      throw new AssertionError("dangling reference " + pointer);
    }
    return resolve(target);
  }
}
