package io.chatrelay.launcher;

import io.chatrelay.kit.Closer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes what was registered, last first, exactly once: on {@link #close()} or, if that never comes, when the JVM
 * exits. One shutdown hook for the lot because the JVM runs hooks concurrently: with a hook each, the broker and
 * Redis would go while the services using them were still closing, and those would then wait for them in vain.
 */
final class OrderedShutdown implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OrderedShutdown.class);

  private final String label;
  private final Closer closer = new Closer();
  private final Thread hook;
  private boolean closed;

  /** @param label names the whole in every log line, e.g. {@code dev stack in /home/me/.relay-data} */
  OrderedShutdown(String label) {
    this.label = label;
    this.hook = new Thread(this::closeAtExit, "ordered-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Registers {@code resource}, to be closed before everything registered earlier and reported as {@code name}.
   * Once closing has begun (the JVM may be exiting while a stack starts), closes it at once and fails instead.
   */
  synchronized <T extends AutoCloseable> T register(String name, T resource) {
    if (closed) {
      IllegalStateException stopping = new IllegalStateException(label + " is stopping; " + name + " not kept");
      try {
        resource.close();
      } catch (Exception e) {
        stopping.addSuppressed(e);
      }
      throw stopping;
    }
    closer.register(() -> {
      long started = System.nanoTime();
      resource.close();
      LOG.info("{}: {} stopped in {} ms", label, name, millisSince(started));
    });
    return resource;
  }

  @Override
  public void close() {
    try {
      closeAll();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is exiting: the hook is running or has run closeAll(), which waited for this or did nothing.
      }
    }
  }

  private void closeAtExit() {
    try {
      closeAll();
    } catch (RuntimeException e) {
      LOG.warn("{} did not stop cleanly", label, e);
    }
  }

  private synchronized void closeAll() {
    if (closed) {
      return;
    }
    closed = true;
    long started = System.nanoTime();
    LOG.info("{} stopping", label);
    closer.close();
    LOG.info("{} stopped in {} ms", label, millisSince(started));
  }

  private static long millisSince(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
  }
}
