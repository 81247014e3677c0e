package io.chatrelay.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A compose file under {@code infra/}, read as the tests need it. No Docker engine runs where the tests run, so the
 * files are checked against the code instead.
 */
final class ComposeFile {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  /** The relay's subcommands the compose files run, and the module of each. */
  static final Map<String, String> MODULE_OF = Map.of(
      "edge", "edge-service", "projector", "session-projector", "connector", "agent-connector",
      "agent", "demo-agent");

  private final JsonNode root;

  private ComposeFile(JsonNode root) {
    this.root = root;
  }

  static ComposeFile read(String underRoot) {
    try {
      return new ComposeFile(new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve(underRoot).toFile()));
    } catch (IOException e) {
      throw new AssertionError(underRoot + " is not readable YAML", e);
    }
  }

  JsonNode root() {
    return root;
  }

  JsonNode service(String name) {
    return root.get("services").get(name);
  }

  List<String> services() {
    List<String> names = new ArrayList<>();
    root.get("services").fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** The relay subcommand a service runs, or null for an engine's image (Kafka, Redis, a proxy). */
  String relayCommand(String service) {
    JsonNode command = service(service).path("command");
    return service(service).has("build") ? command.get(0).asText() : null;
  }

  /** The services running {@code relayCommand}, such as every edge. */
  List<String> running(String relayCommand) {
    return services().stream().filter(s -> relayCommand.equals(relayCommand(s))).toList();
  }

  /** The service's environment with compose's ${VAR:?message} substitutions filled in as an operator would. */
  Map<String, String> environment(String service) {
    Map<String, String> env = new HashMap<>();
    service(service).path("environment").fields().forEachRemaining(e -> {
      String value = e.getValue().asText();
      env.put(e.getKey(), value.startsWith("${") ? "an-operator-chosen-secret-of-at-least-32-chars" : value);
    });
    return env;
  }

  /** Every main source file of a module, joined: a variable a service reads is named in it in quotes. */
  static String sourcesOf(String module) {
    try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
      return files.filter(p -> p.toString().endsWith(".java")).map(ComposeFile::readString)
          .collect(Collectors.joining("\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String readString(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
