package io.chatrelay.bench;

import io.chatrelay.bench.internal.BenchRun;
import io.chatrelay.bench.internal.ProductStack;
import io.chatrelay.bench.internal.RestScenario;
import io.chatrelay.bench.internal.RestSettings;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "rest", mixinStandardHelpOptions = true,
    description = "The REST API over HTTP/1.1 keep-alive: session creation and message POST with 1, 4, 16 and 64 "
        + "closed-loop clients, history GET (limit=100) of sessions with 1,000 and 10,000 messages, 200 concurrent "
        + "POSTs into one session (all stored, in order), and the raw Kafka producer sending the same records one "
        + "at a time per thread at the same concurrency.")
public final class RestCommand implements Callable<Integer> {

  @Mixin
  BenchOptions options;

  @Override
  public Integer call() {
    BenchRun run = new BenchRun("rest", options.mode(), options.resultsDir(), System.out);
    run.out().println("starting the product (relay dev) ...");
    try (ProductStack stack = ProductStack.start(options.stack(run, Map.of()))) {
      run.out().println("product up: " + stack.baseUrl() + ", Kafka " + stack.bootstrapServers());
      RestScenario.run(run, stack, RestSettings.of(options.mode()));
    }
    options.hotSpots(run, "stack");
    run.finish();
    return 0;
  }
}
