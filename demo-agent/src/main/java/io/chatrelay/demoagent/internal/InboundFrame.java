package io.chatrelay.demoagent.internal;

/** A well-formed inbound frame: a question to answer, or a request to stop answering one. */
public sealed interface InboundFrame permits InboundMessage, CancelRequest {}
