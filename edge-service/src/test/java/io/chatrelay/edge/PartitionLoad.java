package io.chatrelay.edge;

import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import io.chatrelay.kit.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Traffic of sessions no browser follows, the same on every partition of {@code chat-messages}, counted per
 * partition as the live feed counts what it fetches (key and value bytes).
 */
final class PartitionLoad implements AutoCloseable {

  /** Records and key+value bytes written to one partition. */
  record Written(long records, long bytes) {
    Written plus(Written other) {
      return new Written(records + other.records, bytes + other.bytes);
    }
  }

  private final KafkaProducer<byte[], byte[]> producer;
  private final int partitions;

  PartitionLoad(String bootstrapServers, int partitions) {
    this.producer = new KafkaProducer<>(KafkaSettings.of(bootstrapServers).reliableProducer("edge-it-load"),
        new ByteArraySerializer(), new ByteArraySerializer());
    this.partitions = partitions;
  }

  /** The partition of a session, as the producer's default partitioner chooses it. */
  static int partitionOf(String sessionId, int partitions) {
    return Utils.toPositive(Utils.murmur2(sessionId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /** Writes {@code perPartition} messages of {@code contentBytes} to every partition; returns what each got. */
  Written[] write(String prefix, int perPartition, int contentBytes) {
    Written[] written = new Written[partitions];
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    String content = "x".repeat(contentBytes);
    for (int p = 0; p < partitions; p++) {
      written[p] = new Written(0, 0);
      String sessionId = sessionOn(prefix, p);
      byte[] key = sessionId.getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < perPartition; i++) {
        byte[] value = ChatEventSerde.toBytes(UserMessage.of(sessionId, "load-user", Instant.now(), "load-" + i,
            content, Map.of()));
        sends.add(producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), key, value)));
        written[p] = written[p].plus(new Written(1, key.length + value.length));
      }
    }
    for (Future<RecordMetadata> send : sends) {
      try {
        send.get(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("load not written", e);
      }
    }
    return written;
  }

  private String sessionOn(String prefix, int partition) {
    for (int i = 0; ; i++) {
      String id = prefix + "-" + i;
      if (partitionOf(id, partitions) == partition) {
        return id;
      }
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
