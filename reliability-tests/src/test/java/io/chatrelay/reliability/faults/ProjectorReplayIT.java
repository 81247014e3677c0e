package io.chatrelay.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.projector.SessionProjector;
import io.chatrelay.reliability.testing.Browser;
import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.ReliabilityStack;
import io.chatrelay.reliability.testing.ViewDump;
import io.chatrelay.reliability.testing.Views;
import io.chatrelay.testing.ChatLogTail;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The projector is made to read the whole log again from its first offset, over views that already hold all of
 * it, as an operator's reset or a new deployment would. Applying an event twice must change nothing: every view,
 * byte for byte, is what it was.
 */
class ProjectorReplayIT {

  private final ReliabilityStack stack = ReliabilityStack.shared();

  @Test
  void shouldLeaveEveryViewUnchangedWhenTheWholeLogIsProjectedAgain() throws Exception {
    stack.awaitHealthy();
    Browser browser = new Browser(stack.baseUrl());
    String session = browser.openSession("replay-" + UUID.randomUUID().toString().substring(0, 8),
        ReliabilityStack.BANK);
    browser.send(session, "Something to replay");
    await().atMost(Duration.ofSeconds(30)).until(() -> browser.history(session).size() == 2);
    Views.awaitQuietAndCaughtUp(stack, Duration.ofSeconds(60));
    Map<String, String> before = ViewDump.of(stack.redisUrl(), stack.viewKeys());
    Map<Integer, Long> ends = ChatLogTail.endOffsets(stack.bootstrapServers());
    long events = ends.values().stream().mapToLong(Long::longValue).sum();

    String replayId = "projector-replay-" + UUID.randomUUID().toString().substring(0, 8);
    long started = System.nanoTime();
    stack.stopProjector();
    try (SessionProjector replay = stack.newProjector(Map.of("PROJECTOR_APPLICATION_ID", replayId))) {
      // A consumer group that never committed starts at the first offset: the whole log is read again.
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
          .until(() -> committedEverything(replayId, ends));
    } finally {
      stack.restartProjector();
    }
    long replayMillis = Figures.millisSince(started);
    Map<String, String> after = ViewDump.of(stack.redisUrl(), stack.viewKeys());

    Figures.report("7-projector-replay", "%d events replayed over %d populated view keys in %d ms; checksum %s "
            + "before, %s after; %d keys differ", events, before.size(), replayMillis, ViewDump.checksum(before),
        ViewDump.checksum(after), ViewDump.differences(before, after).size());
    assertThat(ViewDump.differences(before, after)).isEmpty();
    assertThat(ViewDump.checksum(after)).isEqualTo(ViewDump.checksum(before));
    stack.awaitHealthy();
  }

  private boolean committedEverything(String groupId, Map<Integer, Long> ends) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
          .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      return ends.entrySet().stream().allMatch(e -> e.getValue() == 0 || committed.entrySet().stream()
          .anyMatch(c -> c.getKey().partition() == e.getKey() && c.getValue().offset() >= e.getValue()));
    }
  }
}
