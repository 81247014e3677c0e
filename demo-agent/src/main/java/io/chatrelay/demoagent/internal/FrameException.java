package io.chatrelay.demoagent.internal;

/** An inbound frame this agent cannot act on; the reason is a sentence meant for the client. */
public final class FrameException extends Exception {

  private final String requestId;

  FrameException(String reason, String requestId) {
    super(reason);
    this.requestId = requestId;
  }

  /** The frame's {@code id} when it could be read, else null. */
  public String requestId() {
    return requestId;
  }
}
