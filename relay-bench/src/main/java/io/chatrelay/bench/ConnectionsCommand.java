package io.chatrelay.bench;

import io.chatrelay.bench.internal.BenchRun;
import io.chatrelay.bench.internal.ConnectionsScenario;
import io.chatrelay.bench.internal.ConnectionsSettings;
import io.chatrelay.bench.internal.ProductStack;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "connections", mixinStandardHelpOptions = true,
    description = "Idle browser WebSockets on one edge (relay edge in a JVM of its own, beside relay dev): ramps to "
        + "--target (default 50,000, capped by the edge's open files limit) from several load generator processes "
        + "and 127.0.0.x source addresses, holds them, reports handshakes/s and the edge's heap (after GC) and RSS "
        + "per connection, then sends a REST message to every session and checks that every socket receives it.")
public final class ConnectionsCommand implements Callable<Integer> {

  @Mixin
  BenchOptions options;

  @Option(names = "--target", paramLabel = "N", description = "Sockets wanted (default: 50000; quick 2000).")
  Integer target;

  @Option(names = "--sockets-per-session", paramLabel = "N",
      description = "Browser tabs per session (default: 1, every socket its own user and session).")
  Integer perSession;

  @Option(names = "--push-every", paramLabel = "N",
      description = "Push to every Nth session only (default: 1, all of them).")
  Integer pushStride;

  @Override
  public Integer call() {
    BenchRun run = new BenchRun("connections", options.mode(), options.resultsDir(), System.out);
    ConnectionsSettings settings = ConnectionsSettings.of(options.mode(), target, perSession, pushStride);
    run.put("settings", settings);
    run.out().println("starting the product (relay dev) ...");
    // The connector closes idle agent sockets sooner than its default: the pushed messages open one per session,
    // and the stack's process must not run out of open files while the edge holds the browsers' sockets.
    try (ProductStack stack = ProductStack.start(options.stack(run, Map.of("AGENT_IDLE_TIMEOUT_MS", "2000")))) {
      run.out().println("product up: " + stack.baseUrl() + ", Kafka " + stack.bootstrapServers());
      ConnectionsScenario.run(run, stack, settings, options.jfrFile(run, "edge"));
    }
    options.hotSpots(run, "edge");
    options.hotSpots(run, "stack");
    run.finish();
    return 0;
  }
}
