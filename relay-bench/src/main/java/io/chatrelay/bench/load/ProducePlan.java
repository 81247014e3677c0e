package io.chatrelay.bench.load;

import java.util.List;

/**
 * The raw Kafka producer baseline: the edge's producer settings, records like the edge's (a {@code UserMessage} of
 * the same size, keyed by session, with the same headers), into a topic of its own with as many partitions.
 *
 * @param clientIds give each record a client message id (and the metadata naming it) as WebSocket messages have;
 *     REST messages have neither
 * @param asyncSeconds how long to send as fast as the producer takes records (throughput)
 * @param syncThreads for each entry, that many threads share the producer, each sending one record and waiting for
 *     its acknowledgement before the next (as an edge worker thread serving one request does)
 */
public record ProducePlan(String bootstrapServers, String topic, int partitions, int keys, boolean clientIds,
    int asyncSeconds, List<Integer> syncThreads, int syncSeconds, String content) {

  public ProducePlan {
    syncThreads = List.copyOf(syncThreads);
  }
}
