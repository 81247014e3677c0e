package io.chatrelay.connector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An agent that answers every question with a text message that never ends: a first fragment and then
 * continuation fragments without FIN, 1 KiB each, until the connection breaks or {@code limit} bytes are out.
 * What a broken or hostile agent does to a client that buffers a message until it is complete.
 */
final class EndlessFrameAgent implements AutoCloseable {

  private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final int FRAGMENT = 1024;

  private final ServerSocket server;
  private final long limit;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();

  EndlessFrameAgent(long limit) throws IOException {
    this.limit = limit;
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "endless-frame-agent");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "ws://127.0.0.1:" + server.getLocalPort() + "/ws";
  }

  /** Payload bytes written into the endless message, over all connections. */
  long bytesSent() {
    return sent.get();
  }

  long connections() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        Thread talker = new Thread(() -> talk(socket), "endless-frame-agent-socket");
        talker.setDaemon(true);
        talker.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void talk(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      handshake(socket, in);
      if (in.read() < 0) { // the first byte of the question: now answer it, for ever
        return;
      }
      OutputStream out = socket.getOutputStream();
      byte[] payload = new byte[FRAGMENT];
      Arrays.fill(payload, (byte) 'x');
      for (int opcode = 0x1; sent.get() < limit; opcode = 0x0) {
        // No FIN bit: every fragment says more is coming. Server frames are not masked; 126 = 16-bit length.
        out.write(new byte[] {(byte) opcode, 126, (byte) (FRAGMENT >> 8), (byte) FRAGMENT});
        out.write(payload);
        sent.addAndGet(FRAGMENT);
      }
      out.flush();
      in.readAllBytes(); // hold the connection until the client drops it
    } catch (IOException e) {
      // the client dropped the connection: what a bounded client does
    }
  }

  private static void handshake(Socket socket, InputStream in) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1), 1);
    String key = null;
    for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
      if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
        key = line.substring(line.indexOf(':') + 1).trim();
      }
    }
    String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n";
    socket.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  private static String accept(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1")
          .digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
