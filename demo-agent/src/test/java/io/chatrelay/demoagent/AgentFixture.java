package io.chatrelay.demoagent;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Starts real agents and clients for a test and closes them all after it, newest first. */
final class AgentFixture implements AfterEachCallback {

  static final Instant NOW = Instant.parse("2025-06-01T12:00:00.250Z");
  static final String NOW_TEXT = "2025-06-01T12:00:00.250Z";
  static final Clock FIXED = Clock.fixed(NOW, ZoneOffset.UTC);

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  DemoAgent start(DemoAgentConfig config, Clock clock) {
    DemoAgent agent = DemoAgent.start(config, clock);
    resources.push(agent);
    return agent;
  }

  /** Default behaviour on a free port, with a fixed clock so timestamps are exact. */
  DemoAgent start() {
    return start(DemoAgentConfig.defaults().withPort(0), FIXED);
  }

  AgentClient connect(String url) {
    AgentClient client = AgentClient.connect(url);
    resources.push(client);
    return client;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Exception first = null;
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
