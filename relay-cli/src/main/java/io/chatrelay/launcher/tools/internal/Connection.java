package io.chatrelay.launcher.tools.internal;

import io.chatrelay.kit.KafkaSettings;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the replay tools find Kafka: the option, else the variables the services read ({@code KAFKA_BOOTSTRAP_SERVERS}
 * and any other {@code KAFKA_*} client setting).
 */
public final class Connection {

  @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
      description = "Kafka (default: KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092).")
  String bootstrapServer;

  private Map<String, String> env = System.getenv();

  /** For tests: read these variables instead of the process environment. */
  public Connection withEnv(Map<String, String> env) {
    this.env = env;
    return this;
  }

  public KafkaSettings kafka() {
    Map<String, String> merged = new HashMap<>(env);
    if (bootstrapServer != null) {
      merged.put(KafkaSettings.BOOTSTRAP_ENV, bootstrapServer);
    }
    return KafkaSettings.fromEnv(merged);
  }
}
