package io.chatrelay.launcher.tools;

import io.chatrelay.launcher.tools.internal.Connection;
import io.chatrelay.launcher.tools.internal.Interruption;
import io.chatrelay.launcher.tools.internal.Progress;
import io.chatrelay.launcher.tools.internal.Views;
import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.LogReader;
import io.chatrelay.views.redis.ViewPointer;
import io.chatrelay.views.redis.ViewRebuild;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "rebuild-views", mixinStandardHelpOptions = true,
    description = "Rebuilds every Redis view from chat-messages into a fresh key prefix, then switches readers to it in "
        + "one atomic step, once the new views have caught up with the live ones: readers never see a "
        + "half-built state. The live prefix is named by the key <VIEW_PREFIX>{views}active-prefix "
        + "(relay:{views}active-prefix); the projector follows it by itself. The old prefix is kept unless "
        + "--drop-old.%nExit status: 0 switched, 1 failed (live views unchanged), 2 bad usage, 130 Ctrl-C (live "
        + "views unchanged).")
public final class RebuildViewsCommand implements Callable<Integer> {

  /** Readers that resolved the old prefix just before the switch finish their request within this. */
  static final Duration DROP_GRACE = Duration.ofSeconds(5);

  @Option(names = "--prefix-to", paramLabel = "PREFIX",
      description = "The prefix to build (default: <home>-<yyyyMMdd-HHmmss>:, e.g. relay-20260115-101530:).")
  String prefixTo;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + ViewRebuild.DEFAULT_BATCH_SIZE,
      description = "Events per Redis pipeline (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--drop-old", description = "After switching, delete the views under the old prefix.")
  boolean dropOld;

  @Option(names = "--drop", paramLabel = "PREFIX",
      description = "Only delete the views under PREFIX (an old or an interrupted rebuild); never the live one.")
  String drop;

  @Mixin
  Connection connection = new Connection();

  @Mixin
  Views views = new Views();

  private PrintStream out = System.out;
  private PrintStream err = System.err;
  private Clock clock = Clock.systemUTC();

  /** For tests: where the summary and the notes go. */
  public RebuildViewsCommand printTo(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
    return this;
  }

  @Override
  public Integer call() {
    if (batchSize < 1 || batchSize > 100_000) {
      err.println("rebuild-views: --batch-size must be between 1 and 100000, was " + batchSize);
      return 2;
    }
    ViewKeys home = views.home();
    ViewKeys target = prefixTo != null ? new ViewKeys(prefixTo) : ViewRebuild.freshPrefix(home, clock.instant());
    try (LogReader log = new LogReader(connection.kafka(), "relay-rebuild-views");
         ViewRebuild rebuild = new ViewRebuild(log, views.redisUrl(), home, target, batchSize, clock);
         Interruption interruption = new Interruption(rebuild::wakeup)) {
      if (drop != null) {
        long dropped = rebuild.dropViews(new ViewKeys(drop));
        out.println("rebuild-views: deleted " + dropped + " keys under " + drop);
        return 0;
      }
      return rebuild(rebuild, interruption);
    } catch (IllegalArgumentException e) {
      err.println("rebuild-views: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      err.println("rebuild-views: " + e.getMessage() + "; the live views are unchanged");
      return 1;
    }
  }

  private int rebuild(ViewRebuild rebuild, Interruption interruption) {
    Progress progress = Progress.onStderr("rebuild-views");
    ViewRebuild.Summary summary;
    try {
      summary = rebuild.run(progress::update, interruption::interrupted);
    } catch (ViewRebuild.RebuildStopped e) {
      progress.finish();
      err.println("rebuild-views: " + e.getMessage() + "; remove them with: ./relay rebuild-views --drop "
          + e.target().prefix());
      return interruption.interrupted() ? 130 : 1;
    }
    progress.finish();
    double seconds = summary.took().toMillis() / 1000.0;
    out.printf(Locale.ROOT, "rebuild-views: %d events, %d sessions in %.1f s (%.0f events/s); readers switched "
            + "from %s to %s (pointer %s)%n", summary.events(), summary.sessions(), seconds,
        summary.events() / Math.max(seconds, 1e-3), summary.from().prefix(), summary.to().prefix(),
        new ViewPointer(views.home()).key());
    if (dropOld) {
      sleep(DROP_GRACE);
      long dropped = rebuild.dropViews(summary.from());
      out.println("rebuild-views: deleted " + dropped + " keys under " + summary.from().prefix());
    } else {
      out.println("rebuild-views: the old views stay under " + summary.from().prefix()
          + "; delete them with: ./relay rebuild-views --drop " + summary.from().prefix());
    }
    return 0;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
