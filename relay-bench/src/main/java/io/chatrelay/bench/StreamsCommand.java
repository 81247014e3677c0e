package io.chatrelay.bench;

import io.chatrelay.bench.internal.BenchRun;
import io.chatrelay.bench.internal.ProductStack;
import io.chatrelay.bench.internal.StreamsScenario;
import io.chatrelay.bench.internal.StreamsSettings;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "streams", mixinStandardHelpOptions = true,
    description = "Streamed answers: N browsers, each its own user and session, ask the demo agent for answers of "
        + "T words (/stream T), open loop, a question per client a little more often than an answer takes; time to "
        + "first token, answer completion, deltas per second, and every answer's deltas checked against its text. "
        + "Then the same answers sent whole (/long T) as the baseline of the same run: the product's CPU and the "
        + "WebSocket bytes per answer, streamed against whole. Default: 1,000 clients, 100 words at 2 words/s; "
        + "--quick 200 clients, 20 words.")
public final class StreamsCommand implements Callable<Integer> {

  static final String RATE_ENV = "DEMO_AGENT_TOKENS_PER_SECOND";
  static final String REPLY_TIMEOUT_ENV = "AGENT_REPLY_TIMEOUT_MS";
  static final String SLOW_CALL_ENV = "AGENT_SLOW_CALL_MS";

  @Mixin
  BenchOptions options;

  @Option(names = "--clients", paramLabel = "N",
      description = "Browsers streaming at once (default: 1000; quick 200, smoke 20).")
  Integer clients;

  @Option(names = "--tokens", paramLabel = "T", description = "Words per answer (default: 100; quick 20, smoke 10).")
  Integer tokens;

  @Option(names = "--tokens-per-second", paramLabel = "R",
      description = "The demo agent's streaming pace, as " + RATE_ENV + " (default: "
          + StreamsSettings.DEFAULT_TOKENS_PER_SECOND + "; --stack-env " + RATE_ENV + "=R does the same).")
  Integer tokensPerSecond;

  @Option(names = "--seconds", paramLabel = "S",
      description = "Steady-state seconds of each measured phase, after one period of settling (default: 60; quick "
          + "10; smoke 2).")
  Integer seconds;

  @Override
  public Integer call() {
    BenchRun run = new BenchRun("streams", options.mode(), options.resultsDir(), System.out);
    String fromEnv = options.stackEnv.get(RATE_ENV);
    Integer rate = fromEnv != null ? Integer.valueOf(fromEnv) : tokensPerSecond;
    StreamsSettings settings = StreamsSettings.of(options.mode(), clients, tokens, rate, seconds);
    run.out().println("starting the product (relay dev) ...");
    // The baseline's whole answers come as late as the streams end: to the connector they are slow answers (longer
    // than AGENT_SLOW_CALL_MS, 5 s, and silent for longer than AGENT_REPLY_TIMEOUT_MS at slow paces). The run raises
    // both bounds above an answer's length so that both phases measure the same answers, and says so.
    String bound = Long.toString(settings.replyTimeoutMillis());
    run.out().printf("connector bounds raised for answers of %.1f s: %s=%s, %s=%s%n", settings.streamMillis() / 1e3,
        REPLY_TIMEOUT_ENV, bound, SLOW_CALL_ENV, bound);
    try (ProductStack stack = ProductStack.start(options.stack(run, Map.of(RATE_ENV,
        Integer.toString(settings.tokensPerSecond()), REPLY_TIMEOUT_ENV, bound, SLOW_CALL_ENV, bound)))) {
      run.out().println("product up: " + stack.baseUrl() + ", Kafka " + stack.bootstrapServers());
      StreamsScenario.run(run, stack, settings);
    }
    options.hotSpots(run, "stack");
    run.finish();
    return 0;
  }
}
