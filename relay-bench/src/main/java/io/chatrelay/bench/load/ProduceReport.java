package io.chatrelay.bench.load;

import java.util.List;

/**
 * What the raw producer achieved.
 *
 * @param recordBytes the serialised size of one record's value
 */
public record ProduceReport(int recordBytes, Run async, List<Run> sync) {

  /** @param threads 0 for the asynchronous run */
  public record Run(int threads, long records, double seconds, double recordsPerSecond, double megabytesPerSecond,
      Percentiles latency) {}
}
