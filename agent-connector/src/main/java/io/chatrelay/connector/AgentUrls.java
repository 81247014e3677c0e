package io.chatrelay.connector;

import io.chatrelay.events.AgentType;
import io.chatrelay.connector.internal.UrlMask;
import io.chatrelay.kit.EnvReader;
import java.net.URI;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads the per-persona {@code AI_AGENT_WS_URL_<TYPE>} overrides. */
final class AgentUrls {

  static final String PREFIX = ConnectorConfig.AGENT_URL_ENV + "_";

  private AgentUrls() {}

  static Map<AgentType, URI> overrides(Map<String, String> env) {
    Map<AgentType, URI> out = new EnumMap<>(AgentType.class);
    Map<AgentType, String> source = new EnumMap<>(AgentType.class);
    for (Map.Entry<String, String> entry : env.entrySet()) {
      String name = entry.getKey();
      if (!name.startsWith(PREFIX) || entry.getValue() == null || entry.getValue().isBlank()) {
        continue;
      }
      AgentType type = typeOf(name.substring(PREFIX.length())).orElseThrow(() -> EnvReader.invalid(name,
          UrlMask.masked(entry.getValue()), "names no persona; use " + PREFIX + "<TYPE> with <TYPE> one of "
              + Arrays.toString(AgentType.values()) + " (exact or upper case)"));
      URI url = ConnectorConfig.parseUrl(name, entry.getValue().trim());
      URI previous = out.putIfAbsent(type, url);
      // Both spellings set is fine when they agree; when they disagree neither can be trusted.
      if (previous != null && !previous.equals(url)) {
        throw EnvReader.invalid(name, UrlMask.masked(url), "conflicts with " + source.get(type) + "='"
            + UrlMask.masked(previous) + "'; set only one of them");
      }
      source.putIfAbsent(type, name);
    }
    return out;
  }

  private static Optional<AgentType> typeOf(String suffix) {
    return Arrays.stream(AgentType.values())
        .filter(t -> t.name().equals(suffix) || t.name().toUpperCase(Locale.ROOT).equals(suffix))
        .findFirst();
  }
}
