package io.chatrelay.reliability.testing;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The entry point of a service run as a child JVM: {@code ChildMain <main class> [args]} runs that class's
 * {@code main}, and exits as soon as its standard input ends, which is when the test JVM closes it or dies. A
 * service started by a test never outlives the test run, whatever happens to the test JVM.
 */
public final class ChildMain {

  private ChildMain() {}

  public static void main(String[] args) throws Exception {
    Thread watchdog = new Thread(ChildMain::exitWhenInputEnds, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    Method main = Class.forName(args[0]).getMethod("main", String[].class);
    main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
  }

  private static void exitWhenInputEnds() {
    try (InputStream in = System.in) {
      while (in.read() >= 0) {
        // nothing is expected on it
      }
    } catch (IOException e) {
      // the pipe broke: the parent is gone
    }
    System.exit(0);
  }
}
