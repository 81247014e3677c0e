package io.chatrelay.events;

import java.util.Arrays;
import java.util.Optional;

/** The agent personas a session can talk to; the JSON form is the constant's name. */
public enum AgentType {
  BankRep("Bank representative"),
  TradeBodyRep("Trade body representative"),
  PaymentsEcosystemRep("Payments ecosystem representative");

  private final String displayName;

  AgentType(String displayName) {
    this.displayName = displayName;
  }

  public String displayName() {
    return displayName;
  }

  /** The persona with exactly this name, or empty; names are case-sensitive as in the API. */
  public static Optional<AgentType> parse(String name) {
    return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
  }
}
