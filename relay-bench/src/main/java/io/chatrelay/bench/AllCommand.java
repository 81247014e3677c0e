package io.chatrelay.bench;

import io.chatrelay.bench.internal.BenchRun;
import io.chatrelay.bench.internal.ConnectionsScenario;
import io.chatrelay.bench.internal.ConnectionsSettings;
import io.chatrelay.bench.internal.ExchangeScenario;
import io.chatrelay.bench.internal.ExchangeSettings;
import io.chatrelay.bench.internal.ProductStack;
import io.chatrelay.bench.internal.RestScenario;
import io.chatrelay.bench.internal.RestSettings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "all", mixinStandardHelpOptions = true,
    description = "Every load scenario (exchange, rest, connections) against one start of the product, then the "
        + "microbenchmarks: one result file per scenario, as the scenarios write them alone. With --quick, a check "
        + "that nothing regressed in a few minutes; with --smoke, what CI runs to prove the harness works.")
public final class AllCommand implements Callable<Integer> {

  @Mixin
  BenchOptions options;

  @Option(names = "--no-micro", description = "Leave out the microbenchmarks.")
  boolean noMicro;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    List<BenchRun> runs = new ArrayList<>();
    BenchRun first = new BenchRun("exchange", options.mode(), options.resultsDir(), out);
    out.println("starting the product (relay dev) once for every scenario ...");
    // The connections scenario pushes a message into every one of its sessions, and the connector opens an agent
    // socket per session: closing idle ones sooner than the default keeps their number bounded. Not as soon as that
    // scenario alone does (2 s): the exchange's sessions each send every 1-2 s and would reconnect all the time.
    try (ProductStack stack = ProductStack.start(options.stack(first, Map.of("AGENT_IDLE_TIMEOUT_MS", "10000")))) {
      out.println("product up: " + stack.baseUrl() + ", Kafka " + stack.bootstrapServers());
      ExchangeScenario.run(first, stack, ExchangeSettings.of(options.mode(), false, null, null, null));
      runs.add(first);
      BenchRun rest = new BenchRun("rest", options.mode(), options.resultsDir(), out);
      RestScenario.run(rest, stack, RestSettings.of(options.mode()));
      runs.add(rest);
      BenchRun connections = new BenchRun("connections", options.mode(), options.resultsDir(), out);
      ConnectionsScenario.run(connections, stack, ConnectionsSettings.of(options.mode(), null, null, null),
          options.jfrFile(connections, "edge"));
      runs.add(connections);
    }
    options.hotSpots(first, "stack");
    runs.forEach(BenchRun::finish);
    if (!noMicro) {
      return new CommandLine(new MicroCommand()).execute(options.arguments());
    }
    return 0;
  }
}
