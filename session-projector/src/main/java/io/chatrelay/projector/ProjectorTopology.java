package io.chatrelay.projector;

import io.chatrelay.events.Topics;
import io.chatrelay.projector.internal.ProjectingProcessor;
import io.chatrelay.projector.internal.ProjectorMetrics;
import io.chatrelay.projector.internal.ViewRecovery;
import io.chatrelay.projector.internal.ViewStoreBuilder;
import io.chatrelay.views.redis.ViewApplier;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;

/**
 * The projector's topology: {@code chat-messages} → a processor that hands each record, with its partition and
 * offset, to the Redis view store of its task.
 */
public final class ProjectorTopology {

  public static final String SOURCE = "chat-messages-source";
  public static final String PROCESSOR = "project-views";
  public static final String STORE = "redis-views";

  private ProjectorTopology() {}

  /**
   * @param stopping true once the owner is shutting down: a task waiting for Redis then gives up instead of
   *     holding the shutdown
   * @param recovery rebuilds a partition's views from the log when Redis lost them
   */
  public static Topology build(ProjectorConfig config, ViewApplier applier, MeterRegistry registry, Clock clock,
      BooleanSupplier stopping, ViewRecovery recovery) {
    // Built from the real settings: a bare Topology() reads defaults and warns about them at every start.
    Topology topology = new Topology(new TopologyConfig(new StreamsConfig(config.streamsProperties())));
    topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
        Topics.CHAT_MESSAGES.name());
    topology.addProcessor(PROCESSOR, () -> new ProjectingProcessor(STORE, config.flushInterval()), SOURCE);
    topology.addStateStore(new ViewStoreBuilder(STORE, applier, new ProjectorMetrics(registry),
        config.batchSize(), config.flushInterval(), clock, stopping, recovery), PROCESSOR);
    return topology;
  }
}
