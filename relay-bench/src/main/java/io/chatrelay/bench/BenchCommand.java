package io.chatrelay.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code relay bench SCENARIO}: measures the product as its users would, from a separate load-generator process,
 * and writes {@code bench-results/<scenario>-<timestamp>.json} with an SVG chart. Further scenarios (other modules'
 * benchmarks) can be added as subcommands by whoever registers this command.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks: the product started as a user runs it (relay dev), driven by a separate load "
        + "generator, next to baselines measured in the same run. Results go to bench-results/ as JSON and an SVG "
        + "chart. Add --quick for a run of about a minute per scenario.",
    subcommands = {ExchangeCommand.class, StreamsCommand.class, ConnectionsCommand.class, RestCommand.class,
        MicroCommand.class,
        AllCommand.class})
public final class BenchCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
