package io.chatrelay.edge.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.edge.log.ChatLog;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WrittenPositionsTest {

  @Test
  void shouldReadBackWhatItWrites() {
    WrittenPositions written = WrittenPositions.NONE.with(new ChatLog.Ack(3, 1042)).with(new ChatLog.Ack(0, 77));

    assertThat(written.text()).isEqualTo("0.77-3.1042");
    assertThat(WrittenPositions.parse(written.text())).isEqualTo(written);
    assertThat(written.offsets()).containsExactly(Map.entry(0, 77L), Map.entry(3, 1042L));
  }

  @Test
  void shouldKeepTheHighestOffsetOfAPartition() {
    WrittenPositions written = WrittenPositions.NONE.with(new ChatLog.Ack(2, 50)).with(new ChatLog.Ack(2, 40))
        .with(new ChatLog.Ack(2, 60));

    assertThat(written.offsets()).containsExactly(Map.entry(2, 60L));
    assertThat(WrittenPositions.parse("2.5-2.9").offsets()).containsExactly(Map.entry(2, 9L));
  }

  @Test
  void shouldKeepAtMostSixteenPartitionsAndAlwaysTheWriteJustMade() {
    WrittenPositions written = WrittenPositions.NONE;
    for (int partition = 0; partition < 20; partition++) {
      written = written.with(new ChatLog.Ack(partition, 1));
    }

    assertThat(written.offsets()).hasSize(16).containsKeys(0, 14, 19).doesNotContainKeys(15, 16, 17, 18);
    assertThat(written.with(new ChatLog.Ack(3, 7)).offsets()).hasSize(16).containsEntry(3, 7L).containsKey(19);
    assertThat(WrittenPositions.parse(written.text())).isEqualTo(written);
  }

  @Test
  void shouldTreatAnythingElseAsNoPositions() {
    for (String bad : new String[] {null, "", "3", "3.", ".5", "a.b", "3.5-", "-3.5", "3.5_4.6", "3.-5",
        "3.5-4.6-5.7-6.8-7.9-8.1-9.2-10.3-11.4-12.5-13.6-14.7-15.8-16.9-17.1-18.2-19.3",
        "1.1234567890123456789", "123456.1"}) {
      assertThat(WrittenPositions.parse(bad)).as(String.valueOf(bad)).isEqualTo(WrittenPositions.NONE);
    }
    assertThat(WrittenPositions.NONE.isEmpty()).isTrue();
    assertThat(WrittenPositions.NONE.text()).isEmpty();
  }
}
