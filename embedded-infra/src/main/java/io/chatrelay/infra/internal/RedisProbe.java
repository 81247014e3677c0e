package io.chatrelay.infra.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Asks a Redis port, over plain RESP, whether a given process serves it and is ready for commands. */
final class RedisProbe {

    private static final int TIMEOUT_MS = 500;

    private RedisProbe() {
    }

    /**
     * True if the server on {@code port} is process {@code pid} and answers PING. The pid check
     * matters: when the port was taken meanwhile, another server would answer PING while ours
     * is failing to bind.
     */
    static boolean isReady(int port, long pid) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            socket.getOutputStream().write("INFO server\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String info = readBulkString(in);
            // A server still loading its append-only file answers -LOADING to PING.
            return info.contains("\nprocess_id:" + pid + "\r") && "+PONG".equals(readLine(in));
        }
    }

    private static String readBulkString(InputStream in) throws IOException {
        String header = readLine(in);
        if (!header.startsWith("$")) {
            throw new IOException("Expected a bulk string, got: " + header);
        }
        int length = Integer.parseInt(header.substring(1));
        byte[] body = in.readNBytes(length + 2); // the body and its closing CRLF
        if (body.length < length + 2) {
            throw new EOFException("Connection closed inside a bulk string");
        }
        return "\n" + new String(body, 0, length, StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("Connection closed before end of line");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
