package io.chatrelay.edge.live.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.edge.auth.MessageRateLimit;
import io.chatrelay.edge.auth.RateLimit;
import io.chatrelay.edge.live.LiveSettings;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One browser's socket, with a stand-in channel, the real intake over a MockProducer, and a manual clock. */
class LiveConnectionTest {

  private static final String TOPIC = Topics.CHAT_MESSAGES.name();
  private static final String SESSION = "s-1";
  private static final String USER = "u-1";
  private static final String ADDRESS = "203.0.113.7";
  private static final Duration PING = Duration.ofSeconds(30);
  private static final Duration IDLE = Duration.ofSeconds(90);
  private static final Duration MS = Duration.ofMillis(1);

  private final IntakeRig rig = new IntakeRig();
  private final StandInChannel channel = new StandInChannel(rig.timers);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  /** Two messages at once, then one a second, per user. */
  private final LiveSettings settings = new LiveSettings(PING, IDLE, LiveSettings.MAX_CLIENT_FRAME_BYTES, 10, 1.0, 2,
      100.0, 100, 1, 1, LiveSettings.DEFAULT_FEED_RELEASE_IDLE);
  private final Connections connections = new Connections(10, 1, 1);
  private final LiveFeed feed = feedAtOffset(0);
  private final LiveConnection socket = open(IntakeRig.START.plus(Duration.ofHours(1)));

  @AfterEach
  void closeFeed() {
    feed.close();
  }

  /** The live feed over a log of one partition that gets nothing new while the test runs. */
  private static LiveFeed feedAtOffset(long end) {
    TopicPartition tp = new TopicPartition(TOPIC, 0);
    MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("latest") {
      @Override
      public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        LockSupport.parkNanos(timeout.toNanos()); // as a real poll waits for records, instead of spinning
        return super.poll(Duration.ZERO);
      }
    };
    consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
    consumer.updateEndOffsets(Map.of(tp, end));
    return new LiveFeed(consumer, LiveSettings.DEFAULT_FEED_RELEASE_IDLE, Clock.systemUTC(),
        new FeedMetrics(new SimpleMeterRegistry()));
  }

  /** A socket of the user's one allowed slot, live (its resume is over), opened with a sign-in ending then. */
  private LiveConnection open(Instant signInEnds) {
    assertThat(connections.tryTakeSlot(USER, ADDRESS)).isEqualTo(Connections.Refusal.NONE);
    MessageRateLimit rateLimit = new MessageRateLimit(
        new RateLimit(settings.messagesPerSecond(), settings.burst(), rig.clock),
        new RateLimit(settings.ipMessagesPerSecond(), settings.ipBurst(), rig.clock));
    LiveConnection.Shared shared = new LiveConnection.Shared(settings, connections, feed, rig.intake, rateLimit,
        new LiveMetrics(meters, connections::open), rig.clock);
    LiveConnection.Target target = new LiveConnection.Target(SESSION, USER, AgentType.BankRep, "sign-in-1",
        signInEnds.getEpochSecond(), ADDRESS);
    LiveConnection opened = new LiveConnection(channel, target, -1, shared);
    connections.add(opened);
    opened.goLive();
    return opened;
  }

  private static String message(String id, String content) {
    return "{\"id\":\"" + id + "\",\"type\":\"message\",\"content\":\"" + content + "\"}";
  }

  private double closes(String reason) {
    var counter = meters.find("edge.ws.closes").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  private void assertOpen() {
    assertThat(channel.closeCode).as("close code").isNull();
    assertThat(socket.closing()).isFalse();
  }

  private static void assertAck(JsonNode frame, String id, long seq) {
    assertThat(frame.get("type").asText()).isEqualTo("ack");
    assertThat(frame.get("id").asText()).isEqualTo(id);
    assertThat(frame.get("seq").asLong()).isEqualTo(seq);
  }

  static Stream<Arguments> brokenFrames() {
    return Stream.of(
        Arguments.of("{not json", "invalid_json", null),
        Arguments.of("[1,2]", "invalid_frame", null),
        Arguments.of("{\"type\":\"message\",\"content\":\"hi\"}", "invalid_id", null),
        Arguments.of("{\"id\":\"c-1\",\"type\":\"typing\"}", "unknown_type", "c-1"),
        Arguments.of(message("c-1", "   "), "invalid_content", "c-1"),
        Arguments.of("{\"id\":\"c-1\",\"type\":\"message\",\"content\":\"hi\",\"metadata\":[1]}", "invalid_metadata",
            "c-1"));
  }

  @ParameterizedTest
  @MethodSource("brokenFrames")
  void shouldAnswerABrokenFrameWithItsErrorFrameStoreNothingAndStayOpen(String frame, String code, String id) {
    socket.onText(frame);

    assertThat(channel.frames()).singleElement().satisfies(error -> {
      assertThat(error.get("type").asText()).isEqualTo("error");
      assertThat(error.get("code").asText()).isEqualTo(code);
      assertThat(error.get("content").asText()).isNotBlank();
      assertThat(error.has("id") ? error.get("id").asText() : null).isEqualTo(id);
    });
    assertThat(rig.written()).isEmpty();
    assertOpen();
  }

  @Test
  void shouldAnswerABinaryFrameWithAnInvalidFrameError() {
    socket.onBinary();

    assertThat(channel.frames()).singleElement()
        .satisfies(error -> assertThat(error.get("code").asText()).isEqualTo("invalid_frame"));
    assertOpen();
  }

  @Test
  void shouldAcknowledgeAMessageWithItsSeqOnceTheLogHasItAndWriteItOnceHoweverOftenItIsSent() {
    socket.onText(message("c-1", "hello"));
    assertThat(channel.frames()).as("nothing is acknowledged before the log has it").isEmpty();
    rig.producer.completeNext();
    socket.onText(message("c-1", "hello"));

    assertThat(rig.written()).singleElement().isInstanceOfSatisfying(UserMessage.class, m -> {
      assertThat(m.sessionId()).isEqualTo(SESSION);
      assertThat(m.userId()).isEqualTo(USER);
      assertThat(m.clientMessageId()).isEqualTo("c-1");
    });
    assertThat(channel.frames()).hasSize(2).allSatisfy(frame -> assertAck(frame, "c-1", 0));
  }

  @Test
  void shouldSendTheAckBeforeTheMessagesOwnEventWhenTheFeedBringsTheEventFirst() {
    socket.onText(message("c-1", "hello"));
    ChatEvent stored = rig.written().get(0);

    socket.onEvent(LiveEvent.of(0, 0, stored));
    rig.producer.completeNext();

    List<JsonNode> frames = channel.frames();
    assertThat(frames).hasSize(2);
    assertAck(frames.get(0), "c-1", 0);
    assertThat(frames.get(1).get("type").asText()).isEqualTo("message");
    assertThat(frames.get(1).get("seq").asLong()).isZero();
  }

  @Test
  void shouldTellTheBrowserToSendAgainWhenTheLogDidNotTakeTheMessage() {
    socket.onText(message("c-1", "hello"));

    rig.producer.errorNext(new TimeoutException("no answer from the leader"));

    assertThat(channel.frames()).singleElement().satisfies(error -> {
      assertThat(error.get("code").asText()).isEqualTo("unavailable");
      assertThat(error.get("id").asText()).isEqualTo("c-1");
      assertThat(error.get("retryAfter").asLong()).isPositive();
    });
    assertOpen();
  }

  @Test
  void shouldRefuseAMessageOverTheRateSayingWhenToRetryAndStoreNothingOfIt() {
    socket.onText(message("c-1", "one"));
    socket.onText(message("c-2", "two"));
    socket.onText(message("c-3", "three"));

    assertThat(rig.written()).hasSize(2);
    assertThat(channel.frames()).singleElement().satisfies(error -> {
      assertThat(error.get("code").asText()).isEqualTo("rate_limited");
      assertThat(error.get("id").asText()).isEqualTo("c-3");
      assertThat(error.get("retryAfter").asLong()).isEqualTo(1);
    });
    rig.timers.advance(Duration.ofSeconds(1));
    socket.onText(message("c-3", "three"));

    assertThat(rig.written()).hasSize(3);
    assertOpen();
  }

  @Test
  void shouldPingEveryIntervalAndCloseASilentBrowserWith1001AfterTheIdleTimeout() {
    socket.startHeartbeat();

    rig.timers.advance(IDLE.minus(MS));
    assertThat(channel.pings).isEqualTo(2);
    assertOpen();
    rig.timers.advance(MS);

    assertThat(channel.closeCode).isEqualTo(1001);
    assertThat(channel.closeReason).isEqualTo("idle timeout");
    assertThat(closes("idle")).isEqualTo(1);
    assertThat(channel.dropped).as("the browser gets a moment to answer the close").isFalse();
    rig.timers.advance(LiveConnection.CLOSE_GRACE);
    assertThat(channel.dropped).isTrue();
  }

  @Test
  void shouldKeepABrowserThatAnswersPingsOpenHoweverQuietItsUserIs() {
    socket.startHeartbeat();

    for (int i = 0; i < 10; i++) {
      rig.timers.advance(PING);
      socket.heard(); // the pong
    }

    assertThat(channel.pings).isEqualTo(10);
    assertOpen();
  }

  @Test
  void shouldCloseWith1008WhenTheSignInItWasOpenedWithEnds() {
    socket.onChannelClosed();
    LiveConnection expiring = open(IntakeRig.START.plus(Duration.ofSeconds(45)));
    expiring.startHeartbeat();

    rig.timers.advance(Duration.ofSeconds(45).minus(MS));
    assertThat(channel.closeCode).isNull();
    rig.timers.advance(MS);

    assertThat(channel.closeCode).isEqualTo(1008);
    assertThat(channel.closeReason).isEqualTo("session expired");
  }

  @Test
  void shouldCloseWith1000WhenTheSessionIsDeletedAndSendNothingMore() {
    socket.onEvent(LiveEvent.of(0, 3, SessionDeleted.of(SESSION, USER, IntakeRig.START)));
    socket.onText(message("c-1", "still there?"));

    assertThat(channel.closeCode).isEqualTo(1000);
    assertThat(channel.frames()).isEmpty();
    assertThat(rig.written()).isEmpty();
  }

  @Test
  void shouldNotSendAnotherUsersEventsOfTheSession() {
    UserMessage foreign = UserMessage.of(SESSION, "someone-else", IntakeRig.START, null, "hi", Map.of());

    socket.onEvent(LiveEvent.of(0, 0, foreign));

    assertThat(channel.frames()).isEmpty();
  }

  @Test
  void shouldCloseWith1013AndAtOnceABrowserThatStopsReading() {
    channel.reading = false;
    String content = "x".repeat(1000);

    for (long seq = 0; seq < 20 && !socket.closing(); seq++) {
      socket.onEvent(LiveEvent.of(0, seq, UserMessage.of(SESSION, USER, IntakeRig.START, null, content, Map.of())));
    }

    assertThat(channel.closeCode).isEqualTo(1013);
    assertThat(channel.dropped).as("its close frame would wait behind what it does not read").isTrue();
    assertThat(closes("overloaded")).isEqualTo(1);
  }

  @Test
  void shouldGiveTheUsersConnectionSlotBackOnceTheSocketIsGone() {
    assertThat(connections.tryTakeSlot(USER, ADDRESS)).isEqualTo(Connections.Refusal.USER_FULL);

    socket.onChannelClosed();

    assertThat(connections.tryTakeSlot(USER, ADDRESS)).isEqualTo(Connections.Refusal.NONE);
    assertThat(closes("client")).isEqualTo(1);
  }
}
