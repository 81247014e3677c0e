package io.chatrelay.kit;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Closes what was registered, last first, each exactly once; every resource gets its chance, the first failure is
 * rethrown with the others suppressed. Lets a constructor that fails halfway release what it had acquired.
 */
public final class Closer implements AutoCloseable {

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  public synchronized <T extends AutoCloseable> T register(T resource) {
    resources.push(resource);
    return resource;
  }

  @Override
  public void close() {
    RuntimeException first = null;
    AutoCloseable next;
    while ((next = pop()) != null) {
      try {
        next.close();
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (first == null) {
          first = e instanceof RuntimeException re ? re : new IllegalStateException("close failed", e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private synchronized AutoCloseable pop() {
    return resources.poll();
  }
}
