package io.chatrelay.launcher.tools.internal;

import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.views.ViewKeys;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the replay tools find Kafka and Redis: options, else the same environment variables the services read
 * ({@code KAFKA_BOOTSTRAP_SERVERS} and any {@code KAFKA_*}, {@code REDIS_URL}, {@code VIEW_PREFIX}).
 */
public final class Connection {

  @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
      description = "Kafka (default: KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092).")
  String bootstrapServer;

  @Option(names = "--redis-url", paramLabel = "URL",
      description = "Redis with the views (default: REDIS_URL or redis://127.0.0.1:6379).")
  String redisUrl;

  @Option(names = "--view-prefix", paramLabel = "PREFIX",
      description = "The views' home prefix (default: VIEW_PREFIX or relay:).")
  String viewPrefix;

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

  public String redisUrl() {
    if (redisUrl != null) {
      return redisUrl;
    }
    String fromEnv = env.get("REDIS_URL");
    return fromEnv == null || fromEnv.isBlank() ? "redis://127.0.0.1:6379" : fromEnv.trim();
  }

  public boolean redisConfigured() {
    return redisUrl != null || (env.get("REDIS_URL") != null && !env.get("REDIS_URL").isBlank());
  }

  public ViewKeys home() {
    String prefix = viewPrefix != null ? viewPrefix : env.getOrDefault("VIEW_PREFIX", ViewKeys.DEFAULT_PREFIX);
    return new ViewKeys(prefix.isBlank() ? ViewKeys.DEFAULT_PREFIX : prefix.trim());
  }
}
