package io.chatrelay.edge.live.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open sockets of this instance, by sign-in, and the slots that cap how many there may be. A slot is taken before
 * the handshake does any work and given back when the handshake is refused or the socket is finally closed.
 */
public final class Connections {

  private final int maxConnections;
  private final AtomicInteger slots = new AtomicInteger();
  private final Map<String, Set<LiveConnection>> bySignIn = new ConcurrentHashMap<>();
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
    bySignIn.computeIfAbsent(socket.signInId(), id -> ConcurrentHashMap.newKeySet()).add(socket);
  }

  void remove(LiveConnection socket) {
    all.remove(socket);
    bySignIn.computeIfPresent(socket.signInId(), (id, set) -> {
      set.remove(socket);
      return set.isEmpty() ? null : set;
    });
  }

  /** Sockets open and not closing. */
  public int open() {
    return all.size();
  }

  /** Closes the sockets opened with one sign-in (they are gone from here at once; the close frames follow). */
  public int closeSignIn(String signInId, int code, String reason, String why) {
    Set<LiveConnection> sockets = bySignIn.get(signInId);
    if (sockets == null) {
      return 0;
    }
    List<LiveConnection> closing = List.copyOf(sockets);
    closing.forEach(socket -> socket.close(code, reason, why));
    return closing.size();
  }

  public void closeAll(int code, String reason, String why) {
    List.copyOf(all).forEach(socket -> socket.close(code, reason, why));
  }
}
