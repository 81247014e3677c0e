package io.chatrelay.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.chatrelay.events.AgentMetadata;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentReplyChunk;
import io.chatrelay.events.CancelRequested;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** The poll loop on this thread against a {@link MockConsumer}, with the sessions of a {@link ConnectorRig}. */
class PollLoopTest {

  private static final String TOPIC = Topics.CHAT_MESSAGES.name();
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

  private final ConnectorRig rig = new ConnectorRig(Map.of("CONNECTOR_COMMIT_INTERVAL_MS", "1000"));
  /** The last offset committed per partition (MockConsumer forgets it for a partition no longer assigned). */
  private final Map<TopicPartition, Long> commits = new HashMap<>();
  private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest") {
    @Override
    public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
        OffsetCommitCallback callback) {
      offsets.forEach((tp, offset) -> commits.put(tp, offset.offset()));
      super.commitAsync(offsets, callback);
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
      offsets.forEach((tp, offset) -> commits.put(tp, offset.offset()));
      super.commitSync(offsets, timeout);
    }
  };
  private final Sessions sessions = new Sessions(rig.ctx);
  private final AnsweredIndex answered = new AnsweredIndex();
  /** What the answered-message scan finds between the committed offset and the end of the log. */
  private final List<ChatEvent> logBeforeStart = new ArrayList<>();
  /** Runs before each poll of the scan's consumer, after it read what there is. */
  private Consumer<MockConsumer<byte[], byte[]>> duringScan = scan -> { };
  /** Nothing waits in these tests unless one says so: a question in flight is left to the next owner at once. */
  private Duration drainTimeout = Duration.ZERO;
  private PollLoop pollLoop = pollLoop(100);

  @BeforeEach
  void partitions() {
    consumer.updateBeginningOffsets(Map.of(P0, 0L));
    consumer.updateEndOffsets(Map.of(P0, 0L));
  }

  private PollLoop pollLoop(int maxPending) {
    RecordRouter router = new RecordRouter(rig.tracker, new SessionDirectory(AgentType.BankRep, 100), answered,
        sessions, rig.clock);
    AnsweredScanner scanner = new AnsweredScanner(this::scanConsumer, Duration.ofSeconds(60), rig.clock);
    return new PollLoop(consumer, router, rig.tracker, answered, scanner, sessions, maxPending, COMMIT_INTERVAL,
        drainTimeout, rig.clock);
  }

  private MockConsumer<byte[], byte[]> scanConsumer() {
    MockConsumer<byte[], byte[]> scan = new MockConsumer<>("earliest");
    scan.schedulePollTask(() -> {
      for (int offset = 0; offset < logBeforeStart.size(); offset++) {
        ChatEvent event = logBeforeStart.get(offset);
        scan.addRecord(new ConsumerRecord<>(TOPIC, 0, offset, event.sessionId().getBytes(StandardCharsets.UTF_8),
            ChatEventSerde.toBytes(event)));
      }
    });
    for (int i = 0; i < 10; i++) {
      scan.schedulePollTask(() -> duringScan.accept(scan));
    }
    return scan;
  }

  /** Runs the loop on this thread, one step just before each poll; after the last step the loop is stopped. */
  private void run(Runnable... steps) {
    for (Runnable step : steps) {
      consumer.schedulePollTask(step);
    }
    consumer.schedulePollTask(pollLoop::stop);
    pollLoop.run();
  }

  private void assign() {
    consumer.rebalance(List.of(P0));
  }

  private void read(long offset, ChatEvent event) {
    consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, offset, event.sessionId(), ChatEventSerde.toBytes(event)));
  }

  /** The committed offset of P0, or -1. */
  private long committed() {
    return commits.getOrDefault(P0, -1L);
  }

  private List<String> asked() {
    return rig.agent.questions().stream().map(q -> q.get("content").asText()).toList();
  }

  private UserMessage message(String sessionId, String content) {
    return UserMessage.of(sessionId, "user-" + sessionId, rig.clock.instant(), null, content, Map.of(),
        AgentType.BankRep);
  }

  private AgentReply replyTo(UserMessage question) {
    return new AgentReply(UUID.randomUUID(), ChatEvent.SCHEMA_VERSION, question.sessionId(), question.userId(),
        rig.clock.instant(), question.eventId(), "agent-1", "answered", new AgentMetadata(AgentType.BankRep, null,
        null));
  }

  @Test
  void shouldCommitAQuestionOnlyOnceItsReplyIsInTheLog() {
    UserMessage question = message("s-1", "hello");
    List<Long> committed = new ArrayList<>();

    run(() -> {
      assign();
      read(0, question);
    }, () -> {
      rig.agent.line("s-1").respond(question.eventId(), "hi");
      rig.advance(COMMIT_INTERVAL);
    }, () -> {
      committed.add(committed());
      rig.acknowledgeAll();
      rig.advance(COMMIT_INTERVAL);
    }, () -> committed.add(committed()));

    assertThat(committed).as("before and after Kafka acknowledged the reply").containsExactly(-1L, 1L);
    assertThat(asked()).containsExactly("hello");
    assertThat(pollLoop.failure()).isNull();
    assertThat(consumer.closed()).isTrue();
  }

  @Test
  void shouldNotAskAgainAQuestionTheLogAlreadyAnswers() {
    UserMessage before = message("s-1", "asked before a crash");
    AgentReply reply = replyTo(before);
    UserMessage after = message("s-1", "asked after the restart");
    logBeforeStart.addAll(List.of(before, reply));
    consumer.updateEndOffsets(Map.of(P0, 2L));

    run(() -> {
      assign();
      read(0, before);
      read(1, reply);
    }, () -> read(2, after));

    assertThat(asked()).containsExactly("asked after the restart");
    assertThat(committed()).as("the answered question is finished").isEqualTo(2);
  }

  @Test
  void shouldEndAnAnswerBegunBeforeACrashWithItsWrittenTextInsteadOfAskingAgain() {
    UserMessage begun = message("s-1", "tell me everything");
    UserMessage stopped = message("s-1", "never mind");
    List<ChatEvent> log = List.of(begun, chunk(begun, 0, "First, "), chunk(begun, 1, "second, "),
        chunk(begun, 1, "second, "), stopped, CancelRequested.of("s-1", "user-s-1", rig.clock.instant(),
            stopped.eventId(), "c-1"));
    logBeforeStart.addAll(log);
    consumer.updateEndOffsets(Map.of(P0, (long) log.size()));

    run(() -> {
      assign();
      for (int i = 0; i < log.size(); i++) {
        read(i, log.get(i));
      }
    }, rig::acknowledgeAll, rig::acknowledgeAll);

    assertThat(asked()).as("neither is asked again").isEmpty();
    List<AgentReply> replies = rig.events().stream().filter(AgentReply.class::isInstance)
        .map(AgentReply.class::cast).toList();
    assertThat(replies).extracting(AgentReply::inReplyTo, AgentReply::finish, AgentReply::content).containsExactly(
        org.assertj.core.groups.Tuple.tuple(begun.eventId(), AgentReply.FINISH_INTERRUPTED, "First, second, "),
        org.assertj.core.groups.Tuple.tuple(stopped.eventId(), AgentReply.FINISH_CANCELLED, ""));
  }

  private AgentReplyChunk chunk(UserMessage question, int index, String content) {
    return new AgentReplyChunk(UUID.randomUUID(), ChatEvent.SCHEMA_VERSION, question.sessionId(), question.userId(),
        rig.clock.instant(), question.eventId(), index, content, AgentType.BankRep);
  }

  @Test
  // A scan that ignored its deadline would spin for ever on the manual clock: fail instead of hanging.
  @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void shouldAskAgainWhatTheScanCouldNotReadInTimeRatherThanLeaveItUnanswered() {
    UserMessage before = message("s-1", "asked before a crash");
    logBeforeStart.add(before);
    consumer.updateEndOffsets(Map.of(P0, 2L)); // its reply at 1 is not readable before the scan's timeout
    duringScan = scan -> rig.clock.advance(Duration.ofSeconds(61));

    run(() -> {
      assign();
      read(0, before);
    });

    assertThat(asked()).containsExactly("asked before a crash");
  }

  @Test
  void shouldSkipAnUnreadableRecordNamingItsPositionWithoutHoldingThePartitionBack() {
    Logger routerLog = (Logger) LoggerFactory.getLogger(RecordRouter.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    routerLog.addAppender(logged);
    UserMessage question = message("s-1", "hello");
    try {
      run(() -> {
        assign();
        consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "s-1", "{not json".getBytes(StandardCharsets.UTF_8)));
        read(1, question);
      }, () -> {
        rig.agent.line("s-1").respond(question.eventId(), "hi");
        rig.acknowledgeAll();
      });
    } finally {
      routerLog.detachAppender(logged);
    }

    assertThat(committed()).isEqualTo(2);
    assertThat(asked()).containsExactly("hello");
    assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(line -> assertThat(line).contains("unreadable").contains(TOPIC + "-0@0"));
  }

  @Test
  void shouldPauseReadingWhileTooManyMessagesAreUnfinishedAndResumeOnceTheyAreAnswered() {
    pollLoop = pollLoop(2);
    UserMessage first = message("s-1", "first");
    UserMessage second = message("s-2", "second");
    List<Set<TopicPartition>> paused = new ArrayList<>();

    run(() -> {
      assign();
      read(0, first);
      read(1, second);
    }, () -> {
      paused.add(consumer.paused());
      rig.agent.line("s-1").respond(first.eventId(), "one");
      rig.agent.line("s-2").respond(second.eventId(), "two");
      rig.acknowledgeAll();
    }, () -> paused.add(consumer.paused()));

    assertThat(paused).containsExactly(Set.of(P0), Set.of());
  }

  @Test
  void shouldCommitWhatIsFinishedAndStopTheRestWhenThePartitionIsTakenAway() {
    UserMessage done = message("s-1", "answered");
    UserMessage open = message("s-2", "in flight");

    run(() -> {
      assign();
      read(0, done);
      read(1, open);
    }, () -> {
      rig.agent.line("s-1").respond(done.eventId(), "one");
      rig.acknowledgeAll();
      consumer.rebalance(List.of());
    });
    rig.agent.line("s-2").respond(open.eventId(), "too late");
    rig.acknowledgeAll();

    assertThat(committed()).isEqualTo(1);
    assertThat(rig.events()).as("nothing more for a partition another connector now owns").hasSize(1);
    assertThat(rig.agent.line("s-2").discards).isEqualTo(1);
  }

  @Test
  void shouldStopAndReportAFatalConsumerError() {
    TopicAuthorizationException denied = new TopicAuthorizationException(Set.of(TOPIC));

    run(() -> {
      assign();
      consumer.setPollException(denied);
    });

    assertThat(pollLoop.failure()).isSameAs(denied);
    assertThat(consumer.closed()).isTrue();
  }

  @Test
  void shouldCommitNothingMoreWhenHaltedLikeAKilledProcess() {
    UserMessage question = message("s-1", "hello");

    run(() -> {
      assign();
      read(0, question);
    }, () -> {
      rig.agent.line("s-1").respond(question.eventId(), "hi");
      rig.acknowledgeAll();
      pollLoop.halt();
    });

    assertThat(rig.tracker.unfinished()).isZero();
    assertThat(committed()).isEqualTo(-1);
  }
}
