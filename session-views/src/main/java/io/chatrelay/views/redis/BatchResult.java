package io.chatrelay.views.redis;

import java.util.List;
import java.util.Map;

/**
 * What {@link ViewApplier#apply} did.
 *
 * @param outcomes one per event, in the batch's order
 * @param positions per partition, the next offset to apply after this batch (as published to readers)
 */
public record BatchResult(List<Outcome> outcomes, Map<Integer, Long> positions) {

  public BatchResult {
    outcomes = List.copyOf(outcomes);
    positions = Map.copyOf(positions);
  }

  public long count(Outcome outcome) {
    return outcomes.stream().filter(o -> o == outcome).count();
  }
}
