package io.chatrelay.launcher;

import io.chatrelay.launcher.tools.CopyLogCommand;
import io.chatrelay.launcher.tools.ExportCommand;
import io.chatrelay.launcher.tools.HistoryCommand;
import io.chatrelay.launcher.tools.RebuildViewsCommand;
import io.chatrelay.launcher.tools.RetentionCommand;
import java.util.List;
import java.util.Optional;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code relay} as the production image runs it: each service on its own and the operators' tools. {@code ./relay}
 * adds dev mode and the benchmarks ({@code RelayMain}). Only the two {@code main} methods call {@code System.exit}.
 */
@Command(name = "relay", mixinStandardHelpOptions = true, version = "chat-relay 0.1.0",
    description = "Kafka-backed message relay for browser chat with AI agents.")
public final class Relay implements Runnable {

  /** Like picocli's own exit code for a failed command. */
  public static final int EXIT_START_FAILED = 1;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    run(commandLine(), args);
  }

  /** Runs {@code args} on {@code commands} with JUL routed to SLF4J, and exits with the command's code. */
  public static void run(CommandLine commands, String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(commands.execute(args));
  }

  public static CommandLine commandLine() {
    return commandLine(List.of(), List.of());
  }

  /**
   * The image's commands with {@code before} listed ahead of them and {@code after} behind, in that order: the usage
   * lists commands as they are added, and {@code ./relay} puts {@code dev}, where a newcomer starts, first.
   */
  public static CommandLine commandLine(List<Object> before, List<Object> after) {
    CommandLine commands = new CommandLine(new Relay());
    before.forEach(commands::addSubcommand);
    List.of(new ServiceCommands.Edge(), new ServiceCommands.Projector(), new ServiceCommands.Connector(),
        new ServiceCommands.Agent(), new AnalyticsCommand(), new HistoryCommand(), new RebuildViewsCommand(),
        new ExportCommand(), new RetentionCommand(), new CopyLogCommand()).forEach(commands::addSubcommand);
    after.forEach(commands::addSubcommand);
    return commands.addSubcommand(new CommandLine.HelpCommand()).setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(Relay::failed);
  }

  /** A failure the person can fix on their own is one line on stderr; anything else keeps its stack trace. */
  private static int failed(Exception e, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
    Optional<String> line = StartupFailure.explain(e);
    if (line.isEmpty()) {
      throw e;
    }
    command.getErr().println(line.get());
    return EXIT_START_FAILED;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
