package io.chatrelay.launcher;

import java.util.ArrayDeque;
import java.util.Deque;

/** Closes what it was given in reverse order, every one of them, and rethrows the first failure. */
final class Closer implements AutoCloseable {

  private final Deque<AutoCloseable> owned = new ArrayDeque<>();

  <T extends AutoCloseable> T add(T closeable) {
    owned.push(closeable);
    return closeable;
  }

  @Override
  public void close() {
    RuntimeException first = null;
    while (!owned.isEmpty()) {
      try {
        owned.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e instanceof RuntimeException re ? re : new IllegalStateException(e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
