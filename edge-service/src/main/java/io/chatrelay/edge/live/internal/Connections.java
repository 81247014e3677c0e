package io.chatrelay.edge.live.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open sockets of this instance, by user, and the slots that cap how many there may be. A slot is taken before
 * the handshake does any work and given back when the handshake is refused or the socket is finally closed.
 */
public final class Connections {

  private final int maxConnections;
  private final AtomicInteger slots = new AtomicInteger();
  private final Map<String, Set<LiveConnection>> byUser = new ConcurrentHashMap<>();
  private final Set<LiveConnection> all = ConcurrentHashMap.newKeySet();

  public Connections(int maxConnections) {
    this.maxConnections = maxConnections;
  }

  boolean tryTakeSlot() {
    while (true) {
      int taken = slots.get();
      if (taken >= maxConnections) {
        return false;
      }
      if (slots.compareAndSet(taken, taken + 1)) {
        return true;
      }
    }
  }

  void giveBackSlot() {
    slots.decrementAndGet();
  }

  void add(LiveConnection socket) {
    all.add(socket);
    byUser.computeIfAbsent(socket.userId(), id -> ConcurrentHashMap.newKeySet()).add(socket);
  }

  void remove(LiveConnection socket) {
    all.remove(socket);
    byUser.computeIfPresent(socket.userId(), (id, set) -> {
      set.remove(socket);
      return set.isEmpty() ? null : set;
    });
  }

  /** Sockets open and not closing. */
  public int open() {
    return all.size();
  }

  /**
   * Closes the user's sockets opened with the sign-in whose cookie expires at {@code cookieExpiresAt} (they are gone
   * from here at once; the close frames follow).
   */
  public int closeSignIn(String userId, long cookieExpiresAt, int code, String reason, String why) {
    Set<LiveConnection> sockets = byUser.get(userId);
    if (sockets == null) {
      return 0;
    }
    List<LiveConnection> closing = sockets.stream().filter(s -> s.cookieExpiresAt() == cookieExpiresAt).toList();
    closing.forEach(socket -> socket.close(code, reason, why));
    return closing.size();
  }

  public void closeAll(int code, String reason, String why) {
    List.copyOf(all).forEach(socket -> socket.close(code, reason, why));
  }
}
