package io.chatrelay.edge;

import io.chatrelay.kit.EnvReader;
import java.util.Map;

/**
 * What one client address or one user may ask of this edge instance, so that guests and sessions, which anyone may
 * mint, cannot be minted without limit. Counted in this instance's memory, like the message rate limits in
 * {@link io.chatrelay.edge.live.LiveSettings}; a refusal is {@code 429} with {@code Retry-After}.
 *
 * @param signInsPerIpPerMinute {@code RATE_LIMIT_SIGN_INS_PER_IP_PER_MINUTE}: new sign-ins (a session created
 *     without a cookie, which mints a user) per client address
 * @param sessionsPerIpPerMinute {@code RATE_LIMIT_SESSIONS_PER_IP_PER_MINUTE}: sessions created per client address,
 *     signed in or not
 * @param maxOpenSessionsPerUser {@code MAX_OPEN_SESSIONS_PER_USER}: sessions a user may have that are not deleted; one
 *     more is refused with {@code 409} until the user deletes old ones
 * @param restoresPerUserPerMinute {@code RATE_LIMIT_RESTORES_PER_USER_PER_MINUTE}: sessions of one user rebuilt from
 *     the log after their views went missing
 */
public record AbuseLimits(int signInsPerIpPerMinute, int sessionsPerIpPerMinute, int maxOpenSessionsPerUser,
    int restoresPerUserPerMinute) {

  /** An office behind one NAT address where a whole team signs in at nine. */
  public static final int DEFAULT_SIGN_INS_PER_IP_PER_MINUTE = 60;
  public static final int DEFAULT_SESSIONS_PER_IP_PER_MINUTE = 120;
  /** As many as a listing shows. */
  public static final int DEFAULT_MAX_OPEN_SESSIONS_PER_USER = 100;
  public static final int DEFAULT_RESTORES_PER_USER_PER_MINUTE = 10;
  private static final int MAX = 1_000_000;

  public AbuseLimits {
    require("RATE_LIMIT_SIGN_INS_PER_IP_PER_MINUTE", signInsPerIpPerMinute);
    require("RATE_LIMIT_SESSIONS_PER_IP_PER_MINUTE", sessionsPerIpPerMinute);
    require("MAX_OPEN_SESSIONS_PER_USER", maxOpenSessionsPerUser);
    require("RATE_LIMIT_RESTORES_PER_USER_PER_MINUTE", restoresPerUserPerMinute);
  }

  public static AbuseLimits defaults() {
    return fromEnv(Map.of());
  }

  public static AbuseLimits fromEnv(Map<String, String> env) {
    EnvReader r = new EnvReader(env);
    return new AbuseLimits(
        r.integer("RATE_LIMIT_SIGN_INS_PER_IP_PER_MINUTE", DEFAULT_SIGN_INS_PER_IP_PER_MINUTE, 1, MAX),
        r.integer("RATE_LIMIT_SESSIONS_PER_IP_PER_MINUTE", DEFAULT_SESSIONS_PER_IP_PER_MINUTE, 1, MAX),
        r.integer("MAX_OPEN_SESSIONS_PER_USER", DEFAULT_MAX_OPEN_SESSIONS_PER_USER, 1, MAX),
        r.integer("RATE_LIMIT_RESTORES_PER_USER_PER_MINUTE", DEFAULT_RESTORES_PER_USER_PER_MINUTE, 1, MAX));
  }

  private static void require(String name, int value) {
    if (value < 1 || value > MAX) {
      throw EnvReader.invalid(name, Integer.toString(value), "must be between 1 and " + MAX);
    }
  }
}
