package io.chatrelay.demoagent.internal;

import io.chatrelay.demoagent.Answer;
import io.chatrelay.demoagent.DemoAgentConfig;
import io.chatrelay.demoagent.Persona;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Decides persona, delay and outcome for each message of one connection.
 *
 * <p>Each connection draws from its own random source seeded with the configured seed, so a connection's sequence of
 * failures and jitter is the same on every run no matter how traffic on other connections interleaves.
 */
public final class ReplyPlanner {

  /** The pace of {@code /stream} when the configuration streams nothing: a steady, readable rate. */
  static final int DEFAULT_STREAM_TOKENS_PER_SECOND = 50;

  static final String UNKNOWN_AGENT_TYPE = "Unknown agentType '%s'; expected one of "
      + Arrays.stream(Persona.values()).map(Persona::name).collect(Collectors.joining(", ")) + ".";

  private final DemoAgentConfig config;
  private final Persona pathPersona;
  private final Random random;

  /** {@code pathPersona} is the persona named by the endpoint path, or null on plain {@code /ws}. */
  public ReplyPlanner(DemoAgentConfig config, Persona pathPersona) {
    this.config = config;
    this.pathPersona = pathPersona;
    this.random = new Random(config.seed());
  }

  /** The persona for frames that say nothing usable about it (malformed frames). */
  public Persona fallbackPersona() {
    return pathPersona != null ? pathPersona : Persona.DEFAULT;
  }

  public ReplyPlan plan(InboundMessage message) {
    // Draw both values for every message, whatever the outcome, so that the sequence depends only on message count.
    boolean injectFailure = random.nextDouble() < config.failureRate();
    long jitterMillis = config.jitter().isZero() ? 0 : random.nextLong(config.jitter().toMillis() + 1);
    Duration normalDelay = config.latency().plusMillis(jitterMillis);

    Optional<Persona> persona = resolvePersona(message.agentType());
    if (persona.isEmpty()) {
      String reason = String.format(UNKNOWN_AGENT_TYPE, Text.summary(message.agentType(), 40));
      return ReplyPlan.error(message.id(), fallbackPersona(), normalDelay, reason);
    }
    Persona who = persona.get();
    Command command = Command.parse(message.content());
    Duration delay = command.kind() == Command.Kind.SLOW ? command.slowDelay() : normalDelay;
    switch (command.kind()) {
      case INVALID:
        return ReplyPlan.error(message.id(), who, delay, command.usageError());
      case FAIL:
        return ReplyPlan.error(message.id(), who, delay,
            "The " + lower(who) + " could not answer this message (failure requested with /fail).");
      default:
        break;
    }
    if (injectFailure) {
      return ReplyPlan.error(message.id(), who, delay,
          "The " + lower(who) + " is temporarily unable to answer (simulated failure).");
    }
    int streamRate = config.tokensPerSecond() > 0 ? config.tokensPerSecond() : DEFAULT_STREAM_TOKENS_PER_SECOND;
    if (command.kind() == Command.Kind.STREAM) {
      Answer longAnswer = who.longAnswer(command.question(), command.streamTokens());
      return new ReplyPlan(message.id(), who, delay, false, longAnswer, null, streamRate);
    }
    if (command.kind() == Command.Kind.LONG) {
      // The same answer as /stream, whole, when its stream would have ended: a baseline that differs from the stream
      // only by the deltas (same text, same pace of finished answers), for measuring what streaming costs.
      Answer longAnswer = who.longAnswer(command.question(), command.streamTokens());
      Duration streaming = new Pace(streamRate).duration(command.streamTokens());
      return new ReplyPlan(message.id(), who, delay.plus(streaming), false, longAnswer, null, 0);
    }
    boolean thinking = command.kind() == Command.Kind.STATUS;
    return new ReplyPlan(
        message.id(), who, delay, thinking, who.answer(command.question()), null, config.tokensPerSecond());
  }

  /** The path wins over {@code metadata.agentType}, which wins over the default. */
  private Optional<Persona> resolvePersona(String agentType) {
    if (pathPersona != null) {
      return Optional.of(pathPersona);
    }
    if (agentType == null) {
      return Optional.of(Persona.DEFAULT);
    }
    return Persona.parse(agentType);
  }

  private static String lower(Persona persona) {
    return Character.toLowerCase(persona.role().charAt(0)) + persona.role().substring(1);
  }
}
