package io.chatrelay.edge.page.internal;

import io.chatrelay.events.AgentType;
import java.util.Map;

/** How pages name and describe the agent personas. */
public final class Agents {

  private static final Map<AgentType, String> HINTS = Map.of(
      AgentType.BankRep, "Accounts, fees, overdrafts and borrowing",
      AgentType.TradeBodyRep, "Industry rules, membership and consultations",
      AgentType.PaymentsEcosystemRep, "Transfers, open banking and fraud");

  private Agents() {}

  /** The display name of a stored agent type, such as "Bank representative"; a generic name when unknown. */
  public static String name(String agentType) {
    return AgentType.parse(agentType == null ? "" : agentType).map(AgentType::displayName).orElse("Representative");
  }

  public static String hint(AgentType type) {
    return HINTS.get(type);
  }

  /** The id of the radio for a type, such as {@code agent-type-BankRep}; the first one is also the field's id. */
  public static String radioId(AgentType type) {
    return "agent-type-" + type.name();
  }
}
