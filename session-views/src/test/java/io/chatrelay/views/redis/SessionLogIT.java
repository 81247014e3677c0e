package io.chatrelay.views.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.events.SessionIds;
import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.TestEvents;
import io.chatrelay.views.SessionFields;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({RelayInfraExtension.class, LogFixture.PerTest.class})
class SessionLogIT {

  private final TestEvents events = new TestEvents();
  private LogFixture fixture;
  private SessionLog sessions;

  @BeforeEach
  void start(LogFixture fixture) {
    this.fixture = fixture;
    sessions = new SessionLog(fixture.reader());
  }

  @Test
  void shouldComputeThePartitionTheProducerChoseForEverySession() {
    for (int i = 0; i < 30; i++) {
      String session = UUID.randomUUID().toString();
      RecordMetadata at = fixture.log.send(events.created(session, "u"));

      assertThat(SessionLog.partitionOf(session, LogFixture.PARTITIONS)).as(session).isEqualTo(at.partition());
    }
  }

  @Test
  void shouldStartAtTheFirstSeqOfTheSessionView() {
    SessionStart start = sessions.locate("any", Map.of(SessionFields.PARTITION, "2", SessionFields.FIRST_SEQ, "41"),
        null);

    assertThat(start).isEqualTo(new SessionStart(2, 41, "view"));
  }

  @Test
  void shouldSeekByTheCreationTimeInsideAVersion7IdWhenThereIsNoView() {
    String session = SessionIds.newId(Clock.systemUTC()).toString();
    int partition = SessionLog.partitionOf(session, LogFixture.PARTITIONS);
    Instant longAgo = Instant.now().minus(Duration.ofHours(2));
    long lastOld = -1;
    for (int i = 0; i < 20; i++) {
      RecordMetadata old = fixture.log.sendAt(events.created(samePartitionAs(partition), "old"), longAgo);
      lastOld = old.offset();
    }
    RecordMetadata first = fixture.log.sendAll(events.conversation(session, "u", 1)).get(0);

    SessionStart start = sessions.locate(session, Map.of(), null);

    assertThat(start.partition()).isEqualTo(first.partition());
    assertThat(start.offset()).isGreaterThan(lastOld).isLessThanOrEqualTo(first.offset());
    assertThat(start.foundBy()).isEqualTo("session id");
  }

  @Test
  void shouldReadTheWholePartitionWhenNothingTellsWhereTheSessionStarts() {
    String session = UUID.randomUUID().toString();
    fixture.log.sendAll(events.conversation(session, "u", 1));

    SessionStart start = sessions.locate(session, Map.of(), null);

    assertThat(start).isEqualTo(new SessionStart(SessionLog.partitionOf(session, LogFixture.PARTITIONS), 0,
        "partition start"));
    assertThat(sessions.locate(session, Map.of(), Instant.now().plus(Duration.ofHours(1))).foundBy())
        .isEqualTo("since");
  }

  @Test
  void shouldReplayOnlyThatSessionInLogOrderAndStopAfterItsDeletion() {
    String session = UUID.randomUUID().toString();
    String neighbour = samePartitionAs(SessionLog.partitionOf(session, LogFixture.PARTITIONS));
    List<RecordMetadata> sent = new ArrayList<>();
    sent.add(fixture.log.send(events.created(session, "owner")));
    fixture.log.send(events.created(neighbour, "someone"));
    UserMessage question = events.message(session, "owner", "first");
    sent.add(fixture.log.send(question));
    fixture.log.send(events.message(neighbour, "someone", "not mine"));
    sent.add(fixture.log.sendRaw(session, "{broken".getBytes()));
    sent.add(fixture.log.send(events.reply(question, "answer")));
    sent.add(fixture.log.send(SessionDeleted.of(session, "owner", events.nextInstant())));
    fixture.log.send(events.message(session, "owner", "after deletion"));
    List<Long> offsets = new ArrayList<>();
    List<String> types = new ArrayList<>();

    SessionLog.Replay replay = sessions.replay(session, new SessionStart(sent.get(0).partition(),
        sent.get(0).offset(), "view"), record -> {
          offsets.add(record.offset());
          types.add(type(record.value()));
        }, () -> false);

    assertThat(offsets).containsExactlyElementsOf(sent.stream().map(RecordMetadata::offset).toList());
    assertThat(types).containsExactly("SessionCreated", "UserMessage", "unreadable", "AgentReply",
        "SessionDeleted");
    assertThat(replay.events()).isEqualTo(5);
    assertThat(replay.scanned()).isGreaterThanOrEqualTo(7);
  }

  @Test
  void shouldSkipWhatTheProjectorAlreadyReadAfterTheViewsLastEvent() {
    String session = UUID.randomUUID().toString();
    String neighbour = samePartitionAs(SessionLog.partitionOf(session, LogFixture.PARTITIONS));
    RecordMetadata first = fixture.log.send(events.created(session, "owner"));
    RecordMetadata last = fixture.log.send(events.message(session, "owner", "seen by the view"));
    fixture.log.send(events.message(neighbour, "someone", "noise"));
    fixture.log.send(events.message(session, "intruder", "rejected by the view"));
    RecordMetadata projectedUpTo = fixture.log.send(events.message(neighbour, "someone", "more noise"));
    RecordMetadata unprojected = fixture.log.send(events.message(session, "owner", "not projected yet"));
    Map<String, String> view = Map.of(SessionFields.PARTITION, Integer.toString(first.partition()),
        SessionFields.FIRST_SEQ, Long.toString(first.offset()), SessionFields.LAST_SEQ, Long.toString(last.offset()));
    List<Long> offsets = new ArrayList<>();

    SessionStart start = sessions.locate(session, view, projectedUpTo.offset() + 1, null);
    SessionLog.Replay replay = sessions.replay(session, start, record -> offsets.add(record.offset()), () -> false);

    assertThat(start).isEqualTo(new SessionStart(first.partition(), first.offset(), "view", last.offset() + 1,
        projectedUpTo.offset() + 1));
    assertThat(offsets).containsExactly(first.offset(), last.offset(), unprojected.offset());
    assertThat(replay.scanned()).isEqualTo(3);
  }

  private static String type(byte[] value) {
    try {
      ChatEvent event = ChatEventSerde.fromBytes(value);
      return event.type();
    } catch (RuntimeException e) {
      return "unreadable";
    }
  }

  private static String samePartitionAs(int partition) {
    while (true) {
      String candidate = UUID.randomUUID().toString();
      if (SessionLog.partitionOf(candidate, LogFixture.PARTITIONS) == partition) {
        return candidate;
      }
    }
  }
}
