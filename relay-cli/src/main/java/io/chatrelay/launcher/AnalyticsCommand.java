package io.chatrelay.launcher;

import io.chatrelay.analytics.AnalyticsConfig;
import io.chatrelay.analytics.ChatAnalytics;
import io.chatrelay.kit.ServiceRunner;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "analytics", mixinStandardHelpOptions = true,
    description = "Runs the analytics job (chat-messages -> chat-analytics: per persona and minute, user messages, "
        + "replies, errors, reply latency percentiles); ops endpoints on ANALYTICS_OPS_PORT (default 8084).")
final class AnalyticsCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    return ServiceRunner.standard().run("analytics",
        () -> new ChatAnalytics(AnalyticsConfig.fromEnv(Map.copyOf(System.getenv()))));
  }
}
