package io.chatrelay.infra;

/**
 * A server this JVM starts and can stop and start again on the same port and data, as the failure tests need:
 * {@link #restart()} any number of times, then {@link #close()} once for good. Subclasses start the server in their
 * constructor and synchronise on this object.
 */
public abstract class RestartableServer implements AutoCloseable {

  private boolean closed;

  /** Starts the server on its port and data; the subclass's constructor calls it once, {@link #restart()} again. */
  protected abstract void startServer();

  /** Stops the server; does nothing if it is not running. */
  public abstract void stop();

  /** What the server is, for messages: {@code Redis redis://127.0.0.1:6379}. */
  protected abstract String describe();

  /** Runs once, after the last stop in {@link #close()}: for a subclass that holds more than the server. */
  protected void afterClose() {
    // nothing by default
  }

  /** Stops the server if it runs, then starts it again on the same port and data. */
  public final synchronized void restart() {
    if (closed) {
      throw new IllegalStateException(describe() + " is closed");
    }
    stop();
    startServer();
  }

  @Override
  public final synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop();
    afterClose();
  }
}
