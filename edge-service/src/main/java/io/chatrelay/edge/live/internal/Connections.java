package io.chatrelay.edge.live.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open sockets of this instance, by sign-in, and the slots that cap how many there may be: in all, per user and
 * per client address, so that one guest (or one address minting guests) cannot take the whole instance. A slot is
 * taken before the handshake does any work and given back when the handshake is refused or the socket is finally
 * closed. Counts are kept only for users and addresses holding a slot, so their memory is bounded by the instance cap.
 */
public final class Connections {

  /** Why a slot was not given. */
  enum Refusal { NONE, INSTANCE_FULL, USER_FULL, ADDRESS_FULL }

  private final int maxConnections;
  private final int maxPerUser;
  private final int maxPerAddress;
  private final AtomicInteger slots = new AtomicInteger();
  private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
  private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
  private final Map<String, Set<LiveConnection>> bySignIn = new ConcurrentHashMap<>();
  private final Set<LiveConnection> all = ConcurrentHashMap.newKeySet();

  public Connections(int maxConnections, int maxPerUser, int maxPerAddress) {
    this.maxConnections = maxConnections;
    this.maxPerUser = maxPerUser;
    this.maxPerAddress = maxPerAddress;
  }

  /** Takes a slot of the instance, of the user and of the address, or none of them. */
  Refusal tryTakeSlot(String userId, String address) {
    if (!tryTakeInstanceSlot()) {
      return Refusal.INSTANCE_FULL;
    }
    if (!tryTake(perUser, userId, maxPerUser)) {
      slots.decrementAndGet();
      return Refusal.USER_FULL;
    }
    if (!tryTake(perAddress, address, maxPerAddress)) {
      giveBack(perUser, userId);
      slots.decrementAndGet();
      return Refusal.ADDRESS_FULL;
    }
    return Refusal.NONE;
  }

  void giveBackSlot(String userId, String address) {
    giveBack(perAddress, address);
    giveBack(perUser, userId);
    slots.decrementAndGet();
  }

  private boolean tryTakeInstanceSlot() {
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

  private static boolean tryTake(Map<String, Integer> counts, String key, int max) {
    boolean[] taken = {false};
    counts.compute(key, (k, held) -> {
      int now = held == null ? 0 : held;
      taken[0] = now < max;
      return taken[0] ? now + 1 : held;
    });
    return taken[0];
  }

  private static void giveBack(Map<String, Integer> counts, String key) {
    counts.computeIfPresent(key, (k, held) -> held <= 1 ? null : held - 1);
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
