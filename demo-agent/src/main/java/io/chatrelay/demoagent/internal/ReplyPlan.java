package io.chatrelay.demoagent.internal;

import io.chatrelay.demoagent.Answer;
import io.chatrelay.demoagent.Persona;
import java.time.Duration;

/**
 * What to send for one inbound frame, decided when it arrives.
 *
 * @param requestId the inbound frame's id, or null when it could not be read
 * @param delay how long after arrival the answer is due
 * @param thinkingFirst send a {@code status} frame "thinking" before the answer
 * @param answer the response to send, or null when the outcome is an error
 * @param errorReason the error frame's content when {@code answer} is null
 * @param tokensPerSecond 0: the answer goes out as one response frame; N: it is streamed as deltas at N tokens a
 *     second first (always 0 for an error)
 */
public record ReplyPlan(String requestId, Persona persona, Duration delay, boolean thinkingFirst, Answer answer,
    String errorReason, int tokensPerSecond) {

  static ReplyPlan error(String requestId, Persona persona, Duration delay, String reason) {
    return new ReplyPlan(requestId, persona, delay, false, null, reason, 0);
  }

  public boolean isError() {
    return answer == null;
  }

  public boolean isStreamed() {
    return !isError() && tokensPerSecond > 0;
  }
}
