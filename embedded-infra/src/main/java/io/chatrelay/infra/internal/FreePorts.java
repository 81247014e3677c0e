package io.chatrelay.infra.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks loopback ports for servers that must be told their port up front. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * Returns {@code requested} unless it is 0, in which case the OS picks a free loopback port.
     * The port is released before it is returned, so a race with another process is possible but
     * rare; the servers fail loudly on a bind error.
     */
    public static int resolve(int requested) {
        if (requested < 0 || requested > 65_535) {
            throw new IllegalArgumentException("port must be 0 (pick a free one) or 1-65535, was " + requested);
        }
        return requested == 0 ? pick() : requested;
    }

    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }
}
