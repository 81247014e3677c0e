package io.chatrelay.demoagent;

import io.chatrelay.demoagent.internal.Scripts;
import java.util.Arrays;
import java.util.Optional;

/** The three personas; the constant's name is the wire name used in {@code agentType} and in {@code /ws/{agentType}}. */
public enum Persona {
  BankRep("Bank representative"),
  TradeBodyRep("Trade body representative"),
  PaymentsEcosystemRep("Payments ecosystem representative");

  /** Answers frames that name no persona, on the plain {@code /ws} endpoint. */
  public static final Persona DEFAULT = BankRep;

  private final String role;

  Persona(String role) {
    this.role = role;
  }

  /** How the persona introduces itself, e.g. "Bank representative". */
  public String role() {
    return role;
  }

  /**
   * The persona's answer to a question: a canned reply when the question mentions one of its topics, otherwise a
   * reply quoting a short summary of the question. Pure and deterministic, so tests can compute what a user will see.
   */
  public Answer answer(String question) {
    return Scripts.answer(this, question);
  }

  /**
   * A long answer of exactly {@code words} words, for showing a long stream: the answer to the question, then the
   * persona's topic replies, over and over, cut after the last word. Words are separated by single spaces. Pure and
   * deterministic, like {@link #answer}; the confidence is the answer's.
   */
  public Answer longAnswer(String question, int words) {
    return Scripts.longAnswer(this, question, words);
  }

  /** The persona with exactly this wire name (case-sensitive), or empty. */
  public static Optional<Persona> parse(String wireName) {
    return Arrays.stream(values()).filter(p -> p.name().equals(wireName)).findFirst();
  }
}
