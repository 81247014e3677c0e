package io.chatrelay.reliability.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.edge.EdgeService;
import io.chatrelay.edge.live.LiveSettings;
import io.chatrelay.edge.live.internal.ClientFrames;
import io.chatrelay.edge.live.internal.ClientRequest;
import io.chatrelay.reliability.testing.Browser;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.Inputs;
import io.chatrelay.reliability.testing.ReliabilityStack;
import io.chatrelay.testing.JsonSocket;
import io.chatrelay.testing.LiveSocket;
import io.chatrelay.testing.RawWebSocket;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated frames, thousands of them, against the WebSocket's frame decoder and against a live socket: every frame
 * is either taken or refused with an error frame naming why, the socket stays open for bad input, and nothing else
 * happens (no exception escapes, nothing hangs). Then the frames a library would not send: over 16 KiB, invalid
 * UTF-8, binary, nested thousands deep.
 */
class FrameFuzzIT {

  private static final Set<String> REFUSAL_CODES = Set.of("invalid_json", "invalid_frame", "unknown_type",
      "invalid_id", "invalid_content", "invalid_metadata", "invalid_in_reply_to", "invalid_feedback", "rate_limited",
      "unavailable");
  private static final ConcurrentMap<String, AtomicInteger> OUTCOMES = new ConcurrentHashMap<>();
  private static final AtomicInteger REOPENED = new AtomicInteger();

  private static EdgeService edge;
  private static String base;
  private static Browser browser;
  private static String session;
  private static LiveSocket socket;

  @BeforeContainer
  static void openSocket() {
    // One message a day: valid frames after the first are refused as rate limited instead of stored.
    edge = ReliabilityStack.shared().startEdge(Map.of("RATE_LIMIT_MESSAGES_PER_SECOND", "0.001",
        "RATE_LIMIT_BURST", "1"));
    base = edge.baseUri().toString().replaceAll("/$", "");
    browser = new Browser(base);
    session = browser.openSession("fuzz-" + UUID.randomUUID().toString().substring(0, 8), ReliabilityStack.BANK);
    socket = LiveSocket.open(base, session, browser.cookie());
  }

  @AfterContainer
  static void closeSocket() {
    Figures.report("13-fuzz-websocket", "frames answered per outcome %s; sockets reopened after a close: %d",
        new TreeMap<>(Map.copyOf(OUTCOMES)).toString().replace("=", ": "), REOPENED.get());
    socket.close();
    edge.close();
  }

  @Provide
  Arbitrary<String> frames() {
    return Inputs.frames();
  }

  @Property(tries = 10_000)
  void shouldDecodeOrRefuseEveryFrameAndDoNothingElse(@ForAll("frames") String text) {
    try {
      ClientRequest request = ClientFrames.parse(text);
      assertThat(request.id().codePointCount(0, request.id().length())).isBetween(1, 64);
      if (request instanceof ClientRequest.Message message) {
        assertThat(message.content().codePointCount(0, message.content().length())).isBetween(1, 1000);
        assertThat(message.content()).isEqualTo(message.content().strip());
      } else if (request instanceof ClientRequest.Feedback feedback && feedback.comment() != null) {
        assertThat(feedback.comment().codePointCount(0, feedback.comment().length())).isBetween(1, 1000);
      }
      count("decoded " + request.getClass().getSimpleName());
    } catch (ClientFrames.Refusal refusal) {
      assertThat(refusal.code()).isIn(REFUSAL_CODES);
      count("decoder refused: " + refusal.code());
    }
  }

  /** What a client library can send: text that is valid UTF-16 (invalid UTF-8 on the wire is tested below). */
  @Provide
  Arbitrary<String> sendableFrames() {
    return Inputs.frames().filter(text -> StandardCharsets.UTF_8.newEncoder().canEncode(text));
  }

  @Property(tries = 10_000)
  void shouldAnswerEveryFrameOnALiveSocketWithAnAckOrAnErrorAndStayOpen(@ForAll("sendableFrames") String text) {
    if (socket.closeCode() != null) {
      REOPENED.incrementAndGet();
      socket = LiveSocket.open(base, session, browser.cookie());
    }
    assertThat(socket.sendRaw(text)).isTrue();
    JsonNode answer = socket.poll(FrameFuzzIT::answersAFrame, Duration.ofSeconds(10));
    assertThat(answer).as("an answer to %s", text.length() > 200 ? text.substring(0, 200) + "..." : text)
        .isNotNull();
    if ("error".equals(answer.path("type").asText())) {
      assertThat(answer.path("code").asText()).isIn(REFUSAL_CODES);
      count("socket error: " + answer.path("code").asText());
    } else {
      count("socket ack");
    }
    assertThat(socket.closeCode()).as("bad input keeps the socket open").isNull();
  }

  @Example
  void shouldCloseWith1009AFrameOneByteOver16KiBAndKeepServing() throws IOException {
    try (RawWebSocket raw = raw()) {
      raw.send(RawWebSocket.TEXT, new byte[LiveSettings.MAX_CLIENT_FRAME_BYTES + 1]);
      assertThat(raw.awaitClose(10_000)).isEqualTo(1009);
    }
    try (RawWebSocket raw = raw()) {
      // Exactly 16 KiB is allowed through to the decoder, which refuses it as too long but keeps the socket.
      String padded = "{\"id\":\"big\",\"type\":\"message\",\"content\":\"" + "y".repeat(16_384 - 47) + "\"}";
      assertThat(padded.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(16_384);
      raw.sendText(padded);
      assertThat(firstText(raw).path("code").asText()).isEqualTo("invalid_content");
    }
    assertServing();
  }

  @Example
  void shouldCloseASocketThatSendsInvalidUtf8AndKeepServing() throws IOException {
    try (RawWebSocket raw = raw()) {
      raw.send(RawWebSocket.TEXT, new byte[] {'{', '"', (byte) 0xff, (byte) 0xfe, '"', '}'});
      assertThat(raw.awaitClose(10_000)).isIn(1007, 1002);
    }
    assertServing();
  }

  @Example
  void shouldRefuseBinaryDeepAndDuplicatedFramesWithErrorFrames() throws IOException {
    // On the stack's own edge, where this user may still send: a frame that is accepted gets stored.
    ReliabilityStack stack = ReliabilityStack.shared();
    Browser writer = new Browser(stack.baseUrl());
    String writable = writer.openSession("fuzz-odd-" + UUID.randomUUID().toString().substring(0, 8),
        ReliabilityStack.BANK);
    try (RawWebSocket raw = RawWebSocket.connect(LiveSocket.uri(URI.create(stack.baseUrl()), writable),
        Map.of("Cookie", "session=" + writer.cookie(), "Origin", stack.baseUrl()), 0)) {
      assertThat(raw.status()).isEqualTo(101);
      raw.send(RawWebSocket.BINARY, new byte[] {1, 2, 3});
      assertThat(firstText(raw).path("code").asText()).isEqualTo("invalid_frame");
      raw.sendText("[".repeat(8_000) + "]".repeat(8_000));
      assertThat(firstText(raw).path("code").asText()).isIn("invalid_json", "invalid_frame");
      raw.sendText("{\"id\":\"dup\",\"type\":\"message\",\"type\":\"ping\",\"content\":\"x\"}");
      JsonNode duplicate = firstText(raw);
      count("duplicate keys: " + duplicate.path("type").asText() + " " + duplicate.path("code").asText(""));
      assertThat(duplicate.path("type").asText()).isIn("ack", "error");
      raw.sendText("{\"id\":\"num\",\"type\":\"message\",\"content\":\"x\",\"metadata\":{\"n\":1e999999999,"
          + "\"m\":123456789012345678901234567890123456789012345678901234567890}}");
      JsonNode huge = firstText(raw);
      count("huge numbers: " + huge.path("type").asText() + " " + huge.path("code").asText(""));
      assertThat(huge.path("type").asText()).isIn("ack", "error");
    }
    assertServing();
  }

  private static RawWebSocket raw() {
    RawWebSocket raw = RawWebSocket.connect(LiveSocket.uri(URI.create(base), session),
        Map.of("Cookie", "session=" + browser.cookie(), "Origin", base), 0);
    assertThat(raw.status()).isEqualTo(101);
    return raw;
  }

  /** The next text frame that answers a client frame (not an event of the session). */
  private static JsonNode firstText(RawWebSocket raw) throws IOException {
    for (int i = 0; i < 50; i++) {
      RawWebSocket.Frame frame = raw.read(10_000);
      assertThat(frame).as("an answer within 10 s").isNotNull();
      if (frame.opcode() == RawWebSocket.TEXT) {
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(frame.text());
        if (answersAFrame(json)) {
          return json;
        }
      }
    }
    throw new AssertionError("no answer among 50 frames");
  }

  /** An ack, or an error about a client frame (an agent's error event has a seq and is not one). */
  private static boolean answersAFrame(JsonNode frame) {
    String type = frame.path("type").asText();
    return "ack".equals(type) || "error".equals(type) && !frame.has("seq");
  }

  /** The edge still upgrades and answers after what was thrown at it. */
  private static void assertServing() {
    assertThat(ReliabilityStack.httpStatus(base + "/health/live")).isEqualTo(200);
    try (LiveSocket fresh = LiveSocket.open(base, session, browser.cookie())) {
      fresh.sendRaw("not json");
      assertThat(fresh.next(JsonSocket.ofType("error"), Duration.ofSeconds(10)).path("code").asText())
          .isEqualTo("invalid_json");
    }
  }

  private static void count(String outcome) {
    OUTCOMES.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
  }
}
