package io.chatrelay.views.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.views.ViewKeys;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ViewApplierTest {

  @Test
  void shouldAnnounceNextOffsetAfterHighestOffsetOfEachPartition() {
    List<LoggedEvent> batch = List.of(LoggedEvent.unreadable(0, 10), LoggedEvent.unreadable(2, 4),
        LoggedEvent.unreadable(0, 12), LoggedEvent.unreadable(0, 11));

    assertThat(ViewApplier.nextPositions(batch)).isEqualTo(Map.of(0, 13L, 2, 5L));
  }

  @Test
  void shouldRefuseUrlThatIsNotRedisWithoutConnecting() {
    assertThatThrownBy(() -> new ViewApplier("http://u:topsecret@cache:80", ViewKeys.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scheme")
        .hasMessageNotContaining("topsecret");
  }

  @Test
  void shouldMapEveryScriptReplyBackToItsOutcomeAndRefuseUnknownOnes() {
    for (Outcome outcome : Outcome.values()) {
      assertThat(Outcome.fromCode(outcome.code())).isEqualTo(outcome);
    }
    assertThatThrownBy(() -> Outcome.fromCode("exploded")).hasMessageContaining("exploded");
  }

  @Test
  void shouldRefuseNegativePositions() {
    assertThatThrownBy(() -> LoggedEvent.unreadable(-1, 0)).hasMessageContaining("partition=-1");
    assertThatThrownBy(() -> LoggedEvent.unreadable(0, -3)).hasMessageContaining("offset=-3");
  }
}
