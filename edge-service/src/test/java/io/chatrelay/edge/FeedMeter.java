package io.chatrelay.edge;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What an edge's live feed fetched so far, as its {@code /metrics} shows it to a scraper. */
record FeedMeter(long records, long bytes, int partitions) {

  static FeedMeter of(URI opsUri) {
    String body = new ApiClient(opsUri).get("/metrics").body();
    return new FeedMeter((long) value(body, "edge_live_feed_records_total"),
        (long) value(body, "edge_live_feed_bytes_total"), (int) value(body, "edge_live_feed_partitions"));
  }

  FeedMeter since(FeedMeter before) {
    return new FeedMeter(records - before.records, bytes - before.bytes, partitions);
  }

  private static double value(String body, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)$").matcher(body);
    if (!m.find()) {
      throw new AssertionError(name + " is not among the edge's metrics");
    }
    return Double.parseDouble(m.group(2));
  }
}
