package io.chatrelay.edge.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectionPositionsTest {

  @Test
  void shouldParsePublishedPositionsSkippingMalformedEntries() {
    assertThat(ProjectionPositions.parseMessage("0:15,3:7, 5 : 9,bad,x:1,2:y"))
        .isEqualTo(Map.of(0, 15L, 3, 7L, 5, 9L));
  }

  @Test
  void shouldParsePositionsHash() {
    assertThat(ProjectionPositions.parseHash(Map.of("0", "4", "1", "oops"))).isEqualTo(Map.of(0, 4L));
  }

  @Test
  void shouldReportReadyOnlyWithinTheLagLimit() {
    Map<Integer, Long> ends = Map.of(0, 100L, 1, 50L);

    assertThat(ReadinessChecks.lagStatus(ends, Map.of(0, 100L, 1, 50L), 0).up()).isTrue();
    assertThat(ReadinessChecks.lagStatus(ends, Map.of(0, 95L, 1, 45L), 10).up()).isTrue();
    assertThat(ReadinessChecks.lagStatus(ends, Map.of(0, 95L, 1, 44L), 10).up()).isFalse();
    assertThat(ReadinessChecks.lagStatus(ends, Map.of(0, 100L), 10).detail()).contains("50 event(s) behind");
  }
}
