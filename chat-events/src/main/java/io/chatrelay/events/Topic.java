package io.chatrelay.events;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/** A topic name paired with the serdes of its keys and values, so code never says a topic name as a string. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
  }
}
