package io.chatrelay.infra;

/** Who stops an embedded server that still runs when the JVM exits (Ctrl-C, SIGTERM, {@code System.exit}). */
public enum JvmExit {

    /**
     * A shutdown hook of the server's own stops it. The JVM runs all hooks at once, so clients that other hooks are
     * still closing can lose the server under them: for callers that close nothing at exit themselves.
     */
    OWN_HOOK,

    /**
     * No hook: the caller closes the server from its own shutdown hook, after the clients that still need it, so
     * that a Kafka Streams application or a consumer can leave while its broker is still there.
     */
    CALLER_CLOSES
}
