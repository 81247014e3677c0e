package io.chatrelay.edge;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written by hand over a plain socket, for what well-behaved clients cannot do: show the exact
 * refusal of a handshake (status, headers, body), never answer pings, or stop reading altogether.
 */
final class RawWebSocket implements AutoCloseable {

  /** The handshake's answer. */
  record Answer(int status, Map<String, String> headers, String body) {

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** One frame from the server. */
  record Frame(int opcode, byte[] payload) {

    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
    }
  }

  static final int CLOSE = 0x8;
  static final int PING = 0x9;

  private final Socket socket;
  private final DataInputStream in;
  private final Answer answer;

  private RawWebSocket(Socket socket, DataInputStream in, Answer answer) {
    this.socket = socket;
    this.in = in;
    this.answer = answer;
  }

  /**
   * Sends a WebSocket handshake with exactly {@code headers} (plus Host, Upgrade, Connection, key and version).
   *
   * @param receiveBuffer the socket's receive buffer in bytes, or 0 for the system's
   */
  static RawWebSocket connect(URI base, String path, Map<String, String> headers, int receiveBuffer)
      throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
    socket.setSoTimeout(15_000);
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n")
        .append("Host: ").append(base.getAuthority()).append("\r\n")
        .append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
        .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n");
    headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    OutputStream out = socket.getOutputStream();
    out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    return new RawWebSocket(socket, in, readAnswer(in));
  }

  Answer answer() {
    return answer;
  }

  /** The next frame from the server, or null when the connection ended. */
  Frame readFrame() throws IOException {
    int first;
    try {
      first = in.read();
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no frame within the socket timeout", e);
    }
    if (first < 0) {
      return null;
    }
    int second = in.readUnsignedByte();
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return new Frame(first & 0x0f, payload);
  }

  /** Reads and drops frames until the server's close frame (returned) or the end of the connection (null). */
  Frame readUntilClose() throws IOException {
    try {
      Frame frame;
      while ((frame = readFrame()) != null) {
        if (frame.opcode() == CLOSE) {
          return frame;
        }
      }
      return null;
    } catch (EOFException e) {
      return null;
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("reset")) {
        return null;
      }
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static Answer readAnswer(InputStream in) throws IOException {
    String statusLine = line(in);
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    String line;
    while (!(line = line(in)).isEmpty()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    String body = "";
    String length = headers.get("content-length");
    if (status != 101 && length != null) {
      byte[] bytes = in.readNBytes(Integer.parseInt(length));
      body = new String(bytes, StandardCharsets.UTF_8);
    }
    return new Answer(status, headers, body);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new EOFException("connection ended inside the handshake answer");
      }
      if (b != '\r') {
        bytes.write(b);
      }
    }
    return bytes.toString(StandardCharsets.US_ASCII);
  }
}
