package io.chatrelay.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.events.UserMessage;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.TestEvents;
import io.chatrelay.views.ViewKeys;
import io.chatrelay.views.redis.PositionsMessage;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

@ExtendWith({RelayInfraExtension.class, ProjectorFixture.PerTest.class})
class PositionsChannelIT {

  private static final Logger LOG = LoggerFactory.getLogger(PositionsChannelIT.class);

  private final TestEvents events = new TestEvents();
  private ProjectorFixture fixture;
  private SessionProjector projector;
  private RedisClient subscriberClient;
  private RedisClient readerClient;
  private Thread subscriber;
  private final Subscriber listener = new Subscriber();
  private ViewKeys keys;

  /** Records each announcement with what a reader saw in the views at that moment. */
  private final class Subscriber extends JedisPubSub {
    final BlockingQueue<Map<Integer, Long>> announced = new LinkedBlockingQueue<>();
    volatile String watchedSession;
    volatile long watchedCount;

    @Override
    public void onMessage(String channel, String message) {
      String session = watchedSession;
      if (session != null) {
        watchedCount = readerClient.zcard(keys.messages(session));
      }
      announced.add(PositionsMessage.parse(message));
    }
  }

  @BeforeEach
  void start(ProjectorFixture fixture) {
    this.fixture = fixture;
    RelayInfra infra = fixture.infra;
    String prefix = infra.uniqueName("views") + ":";
    keys = new ViewKeys(prefix);
    subscriberClient = RedisClient.create(URI.create(infra.redisUrl()));
    readerClient = RedisClient.create(URI.create(infra.redisUrl()));
    subscriber = new Thread(() -> subscriberClient.subscribe(listener, keys.positions()), "positions-subscriber");
    subscriber.start();
    await().atMost(ProjectorFixture.WAIT).until(listener::isSubscribed);
    projector = fixture.start(prefix, infra.uniqueName("projector"));
  }

  @AfterEach
  void stop() throws InterruptedException {
    projector.close();
    listener.unsubscribe();
    subscriber.join(5_000);
    subscriberClient.close();
    readerClient.close();
  }

  @Test
  void shouldAnnouncePositionOnlyAfterTheEventIsReadable() throws Exception {
    String session = UUID.randomUUID().toString();
    String user = "user-" + UUID.randomUUID();
    fixture.positions(keys.prefix()).awaitApplied(fixture.log.send(events.created(session, user)));
    listener.watchedSession = session;
    listener.announced.clear();

    RecordMetadata at = fixture.log.send(events.message(session, user, "wake me"));

    Map<Integer, Long> covering = awaitAnnouncementCovering(at);
    assertThat(covering.get(at.partition())).isGreaterThan(at.offset());
    assertThat(listener.watchedCount).isEqualTo(1);
  }

  @Test
  void shouldReportIdleProduceToAnnouncementLatency() throws Exception {
    String session = UUID.randomUUID().toString();
    String user = "user-" + UUID.randomUUID();
    fixture.positions(keys.prefix()).awaitApplied(fixture.log.send(events.created(session, user)));
    List<Long> micros = new ArrayList<>();
    List<Long> ackMicros = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Thread.sleep(50);
      listener.announced.clear();
      UserMessage message = events.message(session, user, "ping " + i);
      long start = System.nanoTime();
      RecordMetadata at = fixture.log.send(message);
      ackMicros.add((System.nanoTime() - start) / 1_000);
      awaitAnnouncementCovering(at);
      micros.add((System.nanoTime() - start) / 1_000);
    }
    micros.sort(Long::compare);
    ackMicros.sort(Long::compare);
    // Informational only: the machine running tests is shared, so no assertion on speed.
    LOG.info("idle latency over {} events: produce->announced median {} us, max {} us; produce->acked median {} us",
        micros.size(), micros.get(micros.size() / 2), micros.get(micros.size() - 1),
        ackMicros.get(ackMicros.size() / 2));
    assertThat(fixture.redis.zcard(keys.messages(session))).isEqualTo(20);
  }

  private Map<Integer, Long> awaitAnnouncementCovering(RecordMetadata at) throws InterruptedException {
    long deadline = System.nanoTime() + ProjectorFixture.WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Map<Integer, Long> positions = listener.announced.poll(100, TimeUnit.MILLISECONDS);
      if (positions != null && positions.getOrDefault(at.partition(), -1L) > at.offset()) {
        return positions;
      }
    }
    throw new AssertionError("no announcement covering " + at.partition() + "@" + at.offset());
  }
}
