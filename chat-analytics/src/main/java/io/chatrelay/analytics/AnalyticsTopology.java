package io.chatrelay.analytics;

import io.chatrelay.analytics.internal.MinuteAggregate;
import io.chatrelay.analytics.internal.SignalProcessor;
import io.chatrelay.analytics.internal.SignalSerde;
import io.chatrelay.events.AgentMinuteStats;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.Topics;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * {@code chat-messages} → per-session tracking ({@link SignalProcessor}: persona, pending user messages) →
 * signals keyed by agent type, stamped with the event's time → one-minute windows → {@code chat-analytics}, one
 * record per agent type and minute, updated as the minute fills (latest record per key wins).
 */
public final class AnalyticsTopology {

  public static final Duration MINUTE = Duration.ofMinutes(1);
  static final String MINUTES_STORE = "agent-minutes";

  private AnalyticsTopology() {}

  public static Topology build(AnalyticsConfig config) {
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(config.streamsProperties())));
    // Cached: a question's pending entry is written and deleted within a commit interval, so with the cache neither
    // reaches RocksDB and the changelog gets one tombstone instead of a record and a tombstone.
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SignalProcessor.AGENTS_STORE),
        Serdes.String(), Serdes.String()).withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SignalProcessor.PENDING_STORE),
        Serdes.String(), Serdes.Long()).withCachingEnabled());
    builder.stream(Topics.CHAT_MESSAGES.name(), Consumed.with(Serdes.String(), Serdes.ByteArray())
            .withName("chat-messages-source"))
        .process(SignalProcessor::new, Named.as("signals"), SignalProcessor.AGENTS_STORE,
            SignalProcessor.PENDING_STORE)
        .groupByKey(Grouped.with("by-agent-type", Serdes.String(), SignalSerde.serde()))
        .windowedBy(TimeWindows.ofSizeAndGrace(MINUTE, config.grace()))
        .aggregate(MinuteAggregate::new, (agentType, signal, minute) -> minute.add(signal),
            Materialized.<String, MinuteAggregate, WindowStore<Bytes, byte[]>>as(MINUTES_STORE)
                .withKeySerde(Serdes.String()).withValueSerde(MinuteAggregate.serde()))
        .toStream(Named.as("minutes"))
        .map((window, minute) -> toRecord(window, minute), Named.as("to-stats"))
        .to(Topics.CHAT_ANALYTICS.name(), Produced.with(Topics.CHAT_ANALYTICS.keySerde(),
            Topics.CHAT_ANALYTICS.valueSerde()).withName("chat-analytics-sink"));
    return builder.build();
  }

  private static KeyValue<String, AgentMinuteStats> toRecord(Windowed<String> window, MinuteAggregate minute) {
    AgentMinuteStats stats = minute.toStats(AgentType.valueOf(window.key()),
        Instant.ofEpochMilli(window.window().start()));
    return KeyValue.pair(stats.key(), stats);
  }
}
