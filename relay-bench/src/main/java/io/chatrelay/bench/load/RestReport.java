package io.chatrelay.bench.load;

import java.util.List;

/** What the {@code rest} task measured. */
public record RestReport(List<Throughput> create, List<Throughput> post, List<Breakdown> postBreakdown,
    List<History> history, ConcurrentPosts concurrent) {

  /**
   * Where a message POST's time went, from the edge's own timers (means, milliseconds): until Kafka acknowledged
   * the write, then until the projector had applied it (read your writes), and the whole request.
   */
  public record Breakdown(double produce, double readYourWrites, double request) {}

  /** A closed-loop measurement: {@code clients} each send the next request when the last one is answered. */
  public record Throughput(String what, int clients, long requests, long errors, double seconds, double perSecond,
      Percentiles latency) {}

  /** {@code GET .../messages?limit=100} of a session with {@code messages} entries. */
  public record History(int messages, double buildSeconds, Percentiles sequential, Throughput concurrent) {}

  /**
   * @param accepted POSTs answered 200
   * @param stored of those, found exactly once in the history
   * @param inOrder the history lists them in increasing seq, each at the seq its POST was answered with
   */
  public record ConcurrentPosts(int posts, int accepted, int stored, boolean inOrder, String problem) {

    public static final ConcurrentPosts NONE = new ConcurrentPosts(0, 0, 0, true, "");

    public boolean allStoredInOrder() {
      return accepted == posts && stored == posts && inOrder;
    }
  }
}
