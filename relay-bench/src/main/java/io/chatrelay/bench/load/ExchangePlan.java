package io.chatrelay.bench.load;

import java.util.List;

/**
 * What the load generator's {@code exchange} task does.
 *
 * @param target {@code relay} (the product: sessions over REST, then the browser WebSocket) or {@code direct} (the
 *     in-memory relay baseline: no sessions, no cookie)
 * @param baseUrl the edge's (or the direct relay's) {@code http://host:port}
 * @param clients browser-like WebSocket clients, each in its own session
 * @param warmup a first step whose latencies are not reported (its messages still count for lost and duplicated)
 * @param steps the measured steps, in order
 * @param drainSeconds how long the last reply may take after the last send before a message counts as lost
 * @param abortBacklogSeconds a step stops early once this many seconds' worth of messages wait for replies
 * @param stopAfterUnsustained stop at the first step that is not sustained (a sweep)
 * @param sustainedP99Millis the p99 a sustained step stays within
 * @param historySample sessions whose history is read back afterwards to count stored copies
 * @param bindAddresses local addresses the sockets are opened from, round robin (empty: any)
 * @param runId makes user ids unique per run
 */
public record ExchangePlan(String target, String baseUrl, int clients, Step warmup, List<Step> steps,
    int drainSeconds, double abortBacklogSeconds, boolean stopAfterUnsustained, double sustainedP99Millis,
    int historySample, List<String> bindAddresses, String runId) {

  public ExchangePlan {
    steps = List.copyOf(steps);
    bindAddresses = List.copyOf(bindAddresses);
  }

  public boolean product() {
    return "relay".equals(target);
  }
}
