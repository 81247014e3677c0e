package io.chatrelay.launcher.tools.internal;

import io.chatrelay.views.ViewKeys;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the tools that use the Redis views find them: options, else {@code REDIS_URL} and {@code VIEW_PREFIX}. */
public final class Views {

  @Option(names = "--redis-url", paramLabel = "URL",
      description = "Redis with the views (default: REDIS_URL or redis://127.0.0.1:6379).")
  String redisUrl;

  @Option(names = "--view-prefix", paramLabel = "PREFIX",
      description = "The views' home prefix, which names the live-prefix pointer (default: VIEW_PREFIX or relay:).")
  String viewPrefix;

  private Map<String, String> env = System.getenv();

  /** For tests: read these variables instead of the process environment. */
  public Views withEnv(Map<String, String> env) {
    this.env = env;
    return this;
  }

  public String redisUrl() {
    if (redisUrl != null) {
      return redisUrl;
    }
    String fromEnv = env.get("REDIS_URL");
    return fromEnv == null || fromEnv.isBlank() ? "redis://127.0.0.1:6379" : fromEnv.trim();
  }

  public ViewKeys home() {
    String prefix = viewPrefix != null ? viewPrefix : env.getOrDefault("VIEW_PREFIX", ViewKeys.DEFAULT_PREFIX);
    return new ViewKeys(prefix.isBlank() ? ViewKeys.DEFAULT_PREFIX : prefix.trim());
  }
}
