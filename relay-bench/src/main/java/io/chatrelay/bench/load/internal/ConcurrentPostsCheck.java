package io.chatrelay.bench.load.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.bench.load.RestReport.ConcurrentPosts;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Many POSTs into one session at the same moment: every one answered 200 must be in the history exactly once, the
 * history must list them in increasing seq, and each at the seq its answer gave.
 */
final class ConcurrentPostsCheck {

  private final Api api;
  private final Api.Session session;
  private final int posts;
  private final PrintStream out;

  ConcurrentPostsCheck(Api api, Api.Session session, int posts, PrintStream out) {
    this.api = api;
    this.session = session;
    this.posts = posts;
    this.out = out;
  }

  ConcurrentPosts run() {
    List<CompletableFuture<Api.Answer>> answers = new ArrayList<>();
    for (int i = 0; i < posts; i++) {
      answers.add(api.postMessageAsync(session, "concurrent " + i));
    }
    Map<String, Long> acceptedSeq = new HashMap<>();
    for (int i = 0; i < posts; i++) {
      Api.Answer answer = answers.get(i).exceptionally(e -> new Api.Answer(-1, e.toString())).join();
      if (answer.status() == 200) {
        acceptedSeq.put("concurrent " + i, answer.json().path("message").path("seq").asLong());
      }
    }
    Map<String, Integer> copies = new HashMap<>();
    List<Long> seqs = new ArrayList<>();
    String problem = "";
    for (JsonNode m : allMessages(acceptedSeq.values().stream().mapToLong(Long::longValue).max().orElse(-1))) {
      String content = m.path("content").asText();
      if ("user".equals(m.path("role").asText()) && content.startsWith("concurrent ")) {
        copies.merge(content, 1, Integer::sum);
        seqs.add(m.path("seq").asLong());
        Long expected = acceptedSeq.get(content);
        if (expected != null && expected != m.path("seq").asLong() && problem.isEmpty()) {
          problem = "'" + content + "' answered seq " + expected + " but is at " + m.path("seq").asLong();
        }
      }
    }
    boolean increasing = true;
    for (int i = 1; i < seqs.size(); i++) {
      increasing &= seqs.get(i) > seqs.get(i - 1);
    }
    int stored = (int) acceptedSeq.keySet().stream().filter(c -> copies.getOrDefault(c, 0) == 1).count();
    if (!increasing && problem.isEmpty()) {
      problem = "history not in increasing seq";
    }
    ConcurrentPosts result = new ConcurrentPosts(posts, acceptedSeq.size(), stored, increasing && problem.isEmpty(),
        problem);
    out.printf(Locale.ROOT, "%d concurrent POSTs into one session: %d accepted, %d stored exactly once, in order: %s"
        + "%s%n", posts, result.accepted(), stored, result.inOrder(), problem.isEmpty() ? "" : " (" + problem + ")");
    return result;
  }

  /**
   * The whole history, oldest first, once it shows the highest acknowledged seq. The cookie makes a read wait for
   * the write whose answer set it last; with 200 answers arriving at once that need not be the highest one, so
   * this check of storage (not of read-your-writes) reads again, for a bounded time, until the newest is there.
   */
  private List<JsonNode> allMessages(long highestSeq) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<JsonNode> all = readHistory();
    while ((all.isEmpty() ? -1 : all.get(all.size() - 1).path("seq").asLong()) < highestSeq
        && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      all = readHistory();
    }
    return all;
  }

  /** The whole history, oldest first, read page by page from the newest. */
  private List<JsonNode> readHistory() {
    List<JsonNode> newestFirstPages = new ArrayList<>();
    long before = -1;
    while (true) {
      JsonNode page = api.history(session, 100, before).json().path("messages");
      List<JsonNode> entries = new ArrayList<>();
      page.forEach(entries::add);
      newestFirstPages.addAll(0, entries);
      if (entries.size() < 100) {
        return newestFirstPages;
      }
      before = entries.get(0).path("seq").asLong();
    }
  }
}
