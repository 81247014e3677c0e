package io.chatrelay.edge.auth;

import java.util.Objects;

/**
 * How many messages may be sent, over the WebSocket, REST and the page alike: per user, and beside that per client
 * address, so that guests minted by the hundred from one address share one allowance. A message is refused when
 * either bucket is empty; the user's token is only taken once the address allows the message.
 */
public final class MessageRateLimit {

  private final RateLimit perUser;
  private final RateLimit perAddress;

  public MessageRateLimit(RateLimit perUser, RateLimit perAddress) {
    this.perUser = Objects.requireNonNull(perUser, "perUser");
    this.perAddress = Objects.requireNonNull(perAddress, "perAddress");
  }

  /** Takes a token of the address's bucket, then of the user's; refused with the wait of the one that is empty. */
  public RateLimit.Decision tryAcquire(String userId, String clientAddress) {
    RateLimit.Decision byAddress = perAddress.tryAcquire(clientAddress);
    if (!byAddress.allowed()) {
      return byAddress;
    }
    return perUser.tryAcquire(userId);
  }
}
