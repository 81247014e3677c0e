package io.chatrelay.events;

/**
 * How a streamed answer came, measured by the connector: present on an {@link AgentReply} whose agent sent
 * {@code response.delta} frames.
 *
 * @param tokens how many delta frames the agent sent (each is taken as one token)
 * @param chunks how many {@link AgentReplyChunk} events the connector wrote for them
 * @param firstTokenMs milliseconds from asking the agent to its first delta
 * @param streamMs milliseconds from the first delta to the end of the answer
 */
public record StreamStats(int tokens, int chunks, long firstTokenMs, long streamMs) {

  /** Tokens per second while streaming, or 0 when the stream took no measurable time. */
  public double tokensPerSecond() {
    return streamMs <= 0 ? 0.0 : tokens * 1000.0 / streamMs;
  }
}
