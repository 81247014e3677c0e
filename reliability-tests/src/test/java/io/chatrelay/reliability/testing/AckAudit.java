package io.chatrelay.reliability.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.events.UserMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;

/**
 * What clients were told is stored, held against the log: each acknowledged message in {@code chat-messages}
 * exactly once, at the seq its ack named. A message missing from the log, or found only at another seq, was
 * acknowledged without being stored.
 *
 * @param found acknowledged messages the log holds
 * @param duplicated each message stored more than once, with where its copies are ({@code partition@offset})
 * @param stored user messages of the sessions the log holds, acknowledged or not
 */
public record AckAudit(int acknowledged, int found, List<String> missing, List<String> duplicated,
    List<String> wrongSeq, int stored) {

  /**
   * @param sessions the sessions the clients wrote to
   * @param ackedSeqByContent per acknowledged message, by its content (unique within a test), the seq its ack named
   */
  public static AckAudit of(LogDump log, Set<String> sessions, Map<String, Long> ackedSeqByContent) {
    Map<String, List<LogDump.Entry>> stored = log.matching(e -> e instanceof UserMessage
            && sessions.contains(e.sessionId())).stream()
        .collect(Collectors.groupingBy(e -> ((UserMessage) e.event()).content()));
    List<String> missing = ackedSeqByContent.keySet().stream().filter(c -> !stored.containsKey(c)).toList();
    List<String> duplicated = stored.entrySet().stream().filter(e -> e.getValue().size() > 1)
        .map(e -> e.getKey() + " at " + e.getValue().stream().map(x -> x.partition() + "@" + x.offset()).toList())
        .toList();
    List<String> wrongSeq = ackedSeqByContent.entrySet().stream().filter(e -> stored.containsKey(e.getKey())
        && stored.get(e.getKey()).stream().noneMatch(x -> x.offset() == e.getValue())).map(Map.Entry::getKey).toList();
    return new AckAudit(ackedSeqByContent.size(), ackedSeqByContent.size() - missing.size(), missing, duplicated,
        wrongSeq, stored.values().stream().mapToInt(List::size).sum());
  }

  /**
   * Waits (90 s at most) until the histories of these sessions show an answer to each of the {@code stored} messages,
   * and returns per user message how many answers its history shows.
   *
   * @param browsers per session, a browser of its owner
   */
  public static Map<String, Integer> visibleAnswers(Map<String, Browser> browsers, int stored) {
    Map<String, Integer> answers = new HashMap<>();
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      answers.clear();
      browsers.forEach((session, browser) -> answers.putAll(answersPerMessage(browser.fullHistory(session))));
      return answers.size() >= stored && answers.values().stream().allMatch(n -> n >= 1);
    });
    return answers;
  }

  /** Per user message in a history, how many answers (replies or errors) it shows. */
  public static Map<String, Integer> answersPerMessage(List<JsonNode> history) {
    Map<String, Integer> answers = history.stream().filter(m -> "user".equals(m.path("role").asText()))
        .collect(Collectors.toMap(m -> m.get("id").asText(), m -> 0, (a, b) -> a));
    for (JsonNode m : history) {
      String inReplyTo = m.path("metadata").path("inReplyTo").asText(null);
      if (!"user".equals(m.path("role").asText()) && inReplyTo != null) {
        answers.merge(inReplyTo, 1, Integer::sum);
      }
    }
    return answers;
  }

  /**
   * The promises every crash test checks, each on its own so a broken one does not hide whether the others held:
   * every acknowledged message in the log once, at its seq, none given up, {@code total} acknowledged, and one visible
   * answer to each.
   */
  public void assertKept(SoftAssertions softly, List<Chatter> chatters, int total, Map<String, Integer> answers) {
    softly.assertThat(missing).as("acknowledged but not in the log").isEmpty();
    softly.assertThat(duplicated).as("stored more than once").isEmpty();
    softly.assertThat(wrongSeq).as("acknowledged with a seq where the message is not").isEmpty();
    softly.assertThat(chatters.stream().flatMap(c -> c.gaveUp().stream())).as("never acknowledged").isEmpty();
    softly.assertThat(acknowledged).as("acknowledged").isEqualTo(total);
    softly.assertThat(answers.values()).as("visible answers per message").allMatch(n -> n == 1);
  }
}
