package io.chatrelay.bench.internal;

import io.chatrelay.bench.relay.DirectRelayMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The direct relay baseline in a JVM of its own, in front of the stack's demo agent. */
public final class DirectRelayProcess implements AutoCloseable {

  private final ChildJvm child;
  private final String baseUrl;

  public DirectRelayProcess(String agentUrl, Path workDir) {
    this.child = ChildJvm.start("direct-relay", Classpaths.load(), List.of("-Xmx512m"),
        DirectRelayMain.class.getName(), List.of(agentUrl), Map.of(), 65_536, workDir.resolve("direct-relay.log"),
        null);
    try {
      this.baseUrl = child.await(Pattern.compile("direct relay listening on (\\S+)"), Duration.ofMinutes(1))
          .group(1);
    } catch (RuntimeException e) {
      child.close();
      throw e;
    }
  }

  public String baseUrl() {
    return baseUrl;
  }

  @Override
  public void close() {
    child.close();
  }
}
