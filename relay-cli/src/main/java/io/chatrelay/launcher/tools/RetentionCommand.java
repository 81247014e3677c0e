package io.chatrelay.launcher.tools;

import io.chatrelay.events.Topics;
import io.chatrelay.launcher.tools.internal.Connection;
import io.chatrelay.launcher.tools.internal.RetentionPolicy;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "retention", mixinStandardHelpOptions = true,
    description = "Shows or sets how long chat-messages keeps events: the erasure policy of the log. Deleting a session "
        + "removes it from the views at once; its events leave the log when they age out of this "
        + "retention.%nExit status: 0 done, 1 failed, 2 bad usage.")
public final class RetentionCommand implements Callable<Integer> {

  static final class Choice {
    @Option(names = "--days", paramLabel = "N", description = "Keep events N days (1-36500).")
    Integer days;

    @Option(names = "--forever", description = "Keep events for ever (the default of a new topic).")
    boolean forever;
  }

  @ArgGroup(exclusive = true)
  Choice choice;

  @Mixin
  Connection connection = new Connection();

  private PrintStream out = System.out;
  private PrintStream err = System.err;

  /** For tests: where the policy and the notes go. */
  public RetentionCommand printTo(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
    return this;
  }

  @Override
  public Integer call() {
    if (choice != null && choice.days != null && (choice.days < 1 || choice.days > 36_500)) {
      err.println("retention: --days must be between 1 and 36500, was " + choice.days);
      return 2;
    }
    try (Admin admin = Admin.create(connection.kafka().admin("relay-retention"))) {
      RetentionPolicy policy = new RetentionPolicy(admin);
      RetentionPolicy.Policy now = choice == null ? policy.current()
          : policy.apply(choice.forever ? null : Duration.ofDays(choice.days));
      out.println(describe(now));
      return 0;
    } catch (RuntimeException e) {
      err.println("retention: " + e.getMessage());
      return 1;
    }
  }

  static String describe(RetentionPolicy.Policy policy) {
    if (policy.retention() == null) {
      return Topics.CHAT_MESSAGES.name() + " keeps events for ever (retention.ms=-1); personal data leaves the log "
          + "only if a retention is set";
    }
    return Topics.CHAT_MESSAGES.name() + " keeps events " + human(policy.retention()) + " (retention.ms="
        + policy.retention().toMillis() + ", segment.ms=" + policy.segmentAge().toMillis()
        + "); an event is gone from the log at most " + human(policy.erasedWithin()) + " after it was written";
  }

  private static String human(Duration d) {
    return d.toHours() % 24 == 0 ? d.toDays() + " days" : d.toHours() + " hours";
  }
}
