package io.chatrelay.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessReadingsTest {

  @Test
  void shouldSumOnlyTheHeapPoolsOfTheEdgesMetrics() {
    String metrics = String.join("\n",
        "# HELP jvm_memory_used_bytes The amount of used memory",
        "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\",service=\"edge-service\"} 1.2E7",
        "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Old Gen\",service=\"edge-service\"} 3000000.0",
        "jvm_memory_used_bytes{area=\"nonheap\",id=\"Metaspace\",service=\"edge-service\"} 9.9E7",
        "jvm_memory_max_bytes{area=\"heap\",id=\"G1 Old Gen\",service=\"edge-service\"} 1.0E9");

    assertThat(EdgeGauge.parseHeap(metrics)).isEqualTo(15_000_000L);
  }

  @Test
  void shouldGroupThreadsByNameWithoutTheirNumbersAndIds() {
    assertThat(ThreadCpu.group("XNIO-1 I/O-2")).isEqualTo("XNIO-1 I/O");
    assertThat(ThreadCpu.group("GC Thread#1")).isEqualTo("GC Thread");
    assertThat(ThreadCpu.group("data-plane-kafka-request-handler-3")).isEqualTo("data-plane-kafka-request-handler");
    assertThat(ThreadCpu.group("session-projector-4c85dc8e-9402-4aed-a5a0-b3b1f589e6a4-StreamThread-1"))
        .isEqualTo("session-projector-*-StreamThread");
    assertThat(ThreadCpu.group("kafka-producer-network-thread | edge-producer"))
        .isEqualTo("kafka-producer-network-thread | edge-producer");
  }

  @Test
  void shouldNameTheLibraryOfAFrame() {
    assertThat(Jfr.library("org.apache.kafka.streams.processor.internals.StreamThread.run")).isEqualTo("Kafka Streams");
    assertThat(Jfr.library("org.apache.kafka.clients.producer.KafkaProducer.send")).isEqualTo("Kafka clients");
    assertThat(Jfr.library("io.undertow.websockets.core.WebSockets.sendText")).isEqualTo("Undertow");
    assertThat(Jfr.library("io.chatrelay.edge.live.internal.LiveFeed.deliver")).isEqualTo("product code");
  }
}
