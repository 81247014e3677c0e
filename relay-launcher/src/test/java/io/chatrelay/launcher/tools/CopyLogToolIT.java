package io.chatrelay.launcher.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.AgentType;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.testing.EventLog;
import io.chatrelay.testing.TestEvents;
import io.chatrelay.views.redis.LogReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ./relay copy-log}, the step that moves the log to more partitions: every record lands, in its session's
 * order, on the partition the product looks for its session in the bigger topic, with its headers and timestamp.
 */
@ExtendWith({RelayInfraExtension.class, ToolFixture.PerTest.class})
class CopyLogToolIT {

  private static final int SESSIONS = 5;
  private static final int EVENTS_PER_SESSION = 6;

  private ToolFixture fixture;

  @BeforeEach
  void start(ToolFixture fixture) {
    this.fixture = fixture;
  }

  /** A copy of one record as a reader of the topic sees it. */
  private record Copy(int partition, long timestamp, String value, List<String> headers) {}

  private Map<String, List<Copy>> read(String topic) {
    Map<String, List<Copy>> byKey = new LinkedHashMap<>();
    try (LogReader reader = new LogReader(KafkaSettings.of(fixture.infra.bootstrapServers()), "copy-it", topic)) {
      List<TopicPartition> tps = reader.partitions();
      reader.read(reader.beginningOffsets(tps), reader.endOffsets(tps), record -> {
        byKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(copy(record));
        return true;
      }, () -> false);
    }
    return byKey;
  }

  private static Copy copy(ConsumerRecord<String, byte[]> record) {
    List<String> headers = new ArrayList<>();
    for (Header h : record.headers()) {
      headers.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
    }
    return new Copy(record.partition(), record.timestamp(), new String(record.value(), StandardCharsets.UTF_8),
        headers);
  }

  @Test
  void shouldCopyEverySessionInOrderOntoThePartitionTheProductLooksInAndRefuseAnExistingTarget() {
    String source = fixture.infra.createTopic(fixture.infra.uniqueName("log-3"), 3);
    String target = fixture.infra.uniqueName("log-7");
    Instant t0 = Instant.parse("2026-02-01T09:00:00Z");
    try (EventLog log = new EventLog(fixture.infra.bootstrapServers(), source)) {
      for (int s = 0; s < SESSIONS; s++) {
        String session = "session-" + s;
        log.send(TestEvents.created(session, "user-" + s, t0, AgentType.BankRep));
        for (int m = 1; m < EVENTS_PER_SESSION; m++) {
          log.send(TestEvents.message(session, "user-" + s, t0.plusSeconds(m), "message " + m, AgentType.BankRep));
        }
      }
    }

    ToolFixture.Run run = fixture.run(new CopyLogCommand(), "--from", source, "--to", target, "--partitions", "7");

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains((SESSIONS * EVENTS_PER_SESSION) + " records copied from " + source
        + " (3 partitions) to " + target + " (7 partitions, replication factor 1)");
    Map<String, List<Copy>> before = read(source);
    Map<String, List<Copy>> after = read(target);
    assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(before.keySet()).hasSize(SESSIONS);
    before.forEach((session, records) -> {
      int home = Utils.toPositive(Utils.murmur2(session.getBytes(StandardCharsets.UTF_8))) % 7;
      assertThat(after.get(session)).as(session).extracting(Copy::partition).containsOnly(home);
      assertThat(after.get(session)).as("%s in its order, with headers and timestamps", session)
          .extracting(Copy::value, Copy::timestamp, Copy::headers)
          .containsExactlyElementsOf(records.stream()
              .map(r -> Tuple.tuple(r.value(), r.timestamp(), r.headers())).toList());
      assertThat(records.get(0).headers()).as("the events' type header is there to copy").isNotEmpty();
    });

    ToolFixture.Run again = fixture.run(new CopyLogCommand(), "--from", source, "--to", target, "--partitions", "7");
    assertThat(again.status()).isEqualTo(2);
    assertThat(again.err()).contains("exists");
    assertThat(fixture.run(new CopyLogCommand(), "--to", target, "--partitions", "0").status()).isEqualTo(2);
    assertThat(Arrays.asList(fixture.run(new CopyLogCommand(), "--from", source, "--to", source, "--partitions",
        "4").err().split("\n"))).anyMatch(l -> l.contains("another topic"));
  }
}
