package io.chatrelay.bench;

import io.chatrelay.bench.internal.BenchRun;
import io.chatrelay.bench.internal.ExchangeScenario;
import io.chatrelay.bench.internal.ExchangeSettings;
import io.chatrelay.bench.internal.ProductStack;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "exchange", mixinStandardHelpOptions = true,
    description = "Browsers chatting with the demo agent: N WebSocket clients, each in its own session, send "
        + "open-loop at a total rate (latency from the moment a message was due: no coordinated omission). Then the "
        + "same load through a direct in-memory relay (no Kafka), the raw Kafka producer and redis-benchmark on the "
        + "same broker and Redis. Default: 1,000 clients at 1,000/s and 10,000/s for 60 s each; --sweep steps the "
        + "rate up to the highest one sustained with p99 <= 100 ms.")
public final class ExchangeCommand implements Callable<Integer> {

  @Mixin
  BenchOptions options;

  @Option(names = "--sweep", description = "Step the rate up until a step is not sustained.")
  boolean sweep;

  @Option(names = "--clients", paramLabel = "N", description = "WebSocket clients (default: 1000; quick 200).")
  Integer clients;

  @Option(names = "--rate", paramLabel = "PER_SECOND", description = "One step at this total rate instead.")
  Integer rate;

  @Option(names = "--seconds", paramLabel = "S", description = "Length of each measured step.")
  Integer seconds;

  @Override
  public Integer call() {
    BenchRun run = new BenchRun("exchange", options.mode(), options.resultsDir(), System.out);
    ExchangeSettings settings = ExchangeSettings.of(options.mode(), sweep, clients, rate, seconds);
    run.out().println("starting the product (relay dev) ...");
    try (ProductStack stack = ProductStack.start(options.stack(run, Map.of()))) {
      run.out().println("product up: " + stack.baseUrl() + ", Kafka " + stack.bootstrapServers());
      ExchangeScenario.run(run, stack, settings);
    }
    options.hotSpots(run, "stack");
    run.finish();
    return 0;
  }
}
