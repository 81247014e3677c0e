package io.chatrelay.bench.load.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.bench.load.ExchangeReport.HistoryCheck;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Reads back the stored history of a sample of the exchange's sessions, page by page, and counts each user message
 * (by the client id its metadata carries) and each reply (by the message it answers): a copy stored twice shows here
 * even when the browser saw it once.
 */
final class HistoryAudit {

  private static final int PAGE = 100;
  private static final long SETTLE_NANOS = 20_000_000_000L;

  private final Clients clients;
  private final Ledger ledger;
  private final int sample;
  private final PrintStream out;

  HistoryAudit(Clients clients, Ledger ledger, int sample, PrintStream out) {
    this.clients = clients;
    this.ledger = ledger;
    this.sample = Math.min(sample, clients.size());
    this.out = out;
  }

  /**
   * The projector may still be applying the last replies when the browsers already saw them: reads again for a
   * while until the sample is complete.
   */
  HistoryCheck run() throws InterruptedException {
    if (sample == 0) {
      return HistoryCheck.NONE;
    }
    long deadline = System.nanoTime() + SETTLE_NANOS;
    HistoryCheck check = read();
    while ((check.storedMessages() < check.expected() || check.storedReplies() < check.storedMessages())
        && System.nanoTime() < deadline) {
      Thread.sleep(500);
      check = read();
    }
    out.printf(Locale.ROOT, "history of %d sessions: %,d acknowledged, %,d stored, %,d replies, %,d duplicates%n",
        check.sessions(), check.expected(), check.storedMessages(), check.storedReplies(), check.duplicates());
    return check;
  }

  private HistoryCheck read() {
    long expected = 0;
    long messages = 0;
    long replies = 0;
    long duplicates = 0;
    int stride = Math.max(1, clients.size() / sample);
    int sessions = 0;
    for (int i = 0; i < clients.size() && sessions < sample; i += stride, sessions++) {
      Api.Session session = clients.session(i);
      Set<String> seenMessages = new HashSet<>();
      Set<String> seenReplies = new HashSet<>();
      long dup = 0;
      long before = -1;
      while (true) {
        Api.Answer answer = clients.api().history(session, PAGE, before);
        if (answer.status() != 200) {
          throw new IllegalStateException("history of a sampled session answered " + answer.status());
        }
        JsonNode page = answer.json().path("messages");
        for (JsonNode m : page) {
          boolean fresh = "user".equals(m.path("role").asText())
              ? seenMessages.add(m.path("metadata").path("b").asText(m.path("id").asText()))
              : seenReplies.add(m.path("metadata").path("inReplyTo").asText(m.path("id").asText()));
          dup += fresh ? 0 : 1;
        }
        if (page.size() < PAGE) {
          break;
        }
        before = page.get(0).path("seq").asLong();
      }
      expected += ledger.ackedBy(i);
      messages += seenMessages.size();
      replies += seenReplies.size();
      duplicates += dup;
    }
    return new HistoryCheck(sessions, expected, messages, replies, duplicates);
  }
}
