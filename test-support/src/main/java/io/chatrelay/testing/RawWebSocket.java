package io.chatrelay.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written against the socket, for what a well-behaved client library will not do: show the
 * exact refusal of a handshake (status, headers, body), send invalid UTF-8 or oversized frames, never answer pings,
 * or stop reading altogether while the server pushes (with a tiny receive buffer, so the server's queue fills up
 * rather than the kernel's).
 */
public final class RawWebSocket implements AutoCloseable {

  public static final int TEXT = 0x1;
  public static final int BINARY = 0x2;
  public static final int CLOSE = 0x8;
  public static final int PING = 0x9;
  /** How long {@link #readFrame()} waits for the server. */
  private static final int READ_TIMEOUT_MILLIS = 20_000;

  /** The handshake's answer; header names in lower case. */
  public record Answer(int status, Map<String, String> headers, String body) {

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** One frame from the server; for a close frame, {@link #closeCode()} is its status code (1005 when it has none). */
  public record Frame(int opcode, byte[] payload) {

    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final Answer answer;

  private RawWebSocket(Socket socket, DataInputStream in, Answer answer) throws IOException {
    this.socket = socket;
    this.in = in;
    this.out = socket.getOutputStream();
    this.answer = answer;
  }

  /**
   * Sends a handshake for {@code uri} (path and query) with exactly {@code headers} besides Host, Upgrade,
   * Connection, key and version, and reads the answer.
   *
   * @param receiveBufferBytes the socket's receive buffer (small for a client that will stop reading), or 0
   */
  public static RawWebSocket connect(URI uri, Map<String, String> headers, int receiveBufferBytes) {
    try {
      Socket socket = new Socket();
      if (receiveBufferBytes > 0) {
        socket.setReceiveBufferSize(receiveBufferBytes);
      }
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      StringBuilder request = new StringBuilder("GET " + uri.getRawPath()
          + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n")
          .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
          .append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
          .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(randomBytes(16))).append("\r\n");
      headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
      request.append("\r\n");
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      DataInputStream in = new DataInputStream(socket.getInputStream());
      return new RawWebSocket(socket, in, readAnswer(in));
    } catch (IOException e) {
      throw new UncheckedIOException("handshake with " + uri + " failed", e);
    }
  }

  public Answer answer() {
    return answer;
  }

  /** The handshake's HTTP status: 101 when upgraded. */
  public int status() {
    return answer.status();
  }

  /** Sends one frame, masked as a client must. */
  public void send(int opcode, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write(0x80 | opcode);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else if (payload.length < 65_536) {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xff);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >>> shift) & 0xff);
      }
    }
    byte[] mask = randomBytes(4);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  public void sendText(String text) throws IOException {
    send(TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The next frame, or null when none came within {@code timeoutMillis}; EOFException when the server hung up. */
  public Frame read(int timeoutMillis) throws IOException {
    socket.setSoTimeout(timeoutMillis);
    int first;
    try {
      first = in.read();
    } catch (SocketTimeoutException e) {
      return null;
    }
    if (first < 0) {
      throw new EOFException("connection closed");
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

  /** The next frame, or null when the connection ended; fails the test when none comes within 20 s. */
  public Frame readFrame() throws IOException {
    try {
      Frame frame = read(READ_TIMEOUT_MILLIS);
      if (frame == null) {
        throw new AssertionError("no frame within " + READ_TIMEOUT_MILLIS + " ms");
      }
      return frame;
    } catch (EOFException e) {
      return null;
    }
  }

  /** Reads and drops frames until the server's close frame (returned) or the end of the connection (null). */
  public Frame readUntilClose() throws IOException {
    try {
      Frame frame;
      while ((frame = readFrame()) != null) {
        if (frame.opcode() == CLOSE) {
          return frame;
        }
      }
      return null;
    } catch (IOException e) {
      if (e instanceof EOFException
          || e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("reset")) {
        return null;
      }
      throw e;
    }
  }

  /** Reads until the server's close frame or hang-up; returns the close code (1006 for a hang-up). */
  public int awaitClose(int timeoutMillis) throws IOException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      try {
        Frame frame = read((int) Math.max(1, deadline - System.currentTimeMillis()));
        if (frame != null && frame.opcode() == CLOSE) {
          return frame.closeCode();
        }
      } catch (EOFException | SocketException e) {
        return 1006;
      }
    }
    throw new AssertionError("the server did not close within " + timeoutMillis + " ms");
  }

  public boolean isClosed() {
    return socket.isClosed();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private static Answer readAnswer(InputStream in) throws IOException {
    String statusLine = line(in);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2) {
      throw new IOException("not an HTTP answer: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    String body = "";
    String length = headers.get("content-length");
    if (status != 101 && length != null) {
      body = new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
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
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
