package io.chatrelay.views;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The answer a session's agent is still writing, as the views hold it ({@link ViewKeys#answer}).
 *
 * @param inReplyTo the user message being answered
 * @param id the event id of the first chunk
 * @param text the text so far
 * @param marks {@code seq:bytes,} per chunk, in order: where each chunk's text starts and ends
 * @param lastSeq the seq of the last chunk taken
 */
public record AnswerInProgress(
    String inReplyTo, String id, String agentType, Instant startedAt, String text, String marks, long lastSeq) {

  /** The status of the in-progress entry in a history: neither delivered nor failed yet. */
  public static final String STATUS_STREAMING = "streaming";

  /**
   * Reads the answer hash, putting its chunks together in index order; empty when no answer is being written (no
   * hash, or one missing a field).
   */
  public static Optional<AnswerInProgress> fromHash(Map<String, String> hash) {
    if (hash == null || !hash.containsKey(AnswerFields.IN_REPLY_TO) || !hash.containsKey(AnswerFields.LAST_SEQ)
        || !hash.containsKey(AnswerFields.NEXT)) {
      return Optional.empty();
    }
    int chunks = Integer.parseInt(hash.get(AnswerFields.NEXT));
    StringBuilder text = new StringBuilder();
    StringBuilder marks = new StringBuilder();
    for (int i = 0; i < chunks; i++) {
      String piece = hash.getOrDefault(AnswerFields.TEXT_PREFIX + i, "");
      text.append(piece);
      marks.append(hash.get(AnswerFields.SEQ_PREFIX + i)).append(':')
          .append(piece.getBytes(StandardCharsets.UTF_8).length).append(',');
    }
    String agentType = hash.get(AnswerFields.AGENT_TYPE);
    return Optional.of(new AnswerInProgress(hash.get(AnswerFields.IN_REPLY_TO), hash.get(AnswerFields.ID),
        agentType == null || agentType.isEmpty() ? null : agentType,
        Instant.parse(hash.get(AnswerFields.STARTED_AT)), text.toString(), marks.toString(),
        Long.parseLong(hash.get(AnswerFields.LAST_SEQ))));
  }

  /**
   * The text of the chunks after {@code seq}: what a client that has everything up to {@code seq} is missing.
   * Chunk boundaries are whole strings, so cutting at them never splits a character.
   */
  public String textAfter(long seq) {
    return textBetween(seq, Long.MAX_VALUE);
  }

  /** The text of the chunks with {@code after < seq < before}. */
  public String textBetween(long after, long before) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int from = 0;
    int to = 0;
    for (String mark : marks.split(",")) {
      if (mark.isEmpty()) {
        continue;
      }
      int colon = mark.indexOf(':');
      long seq = Long.parseLong(mark.substring(0, colon));
      if (seq >= before) {
        break;
      }
      int length = Integer.parseInt(mark.substring(colon + 1));
      if (seq <= after) {
        from += length;
      }
      to += length;
    }
    to = Math.min(to, bytes.length);
    return from >= to ? "" : new String(bytes, from, to - from, StandardCharsets.UTF_8);
  }

  /** The seq of the last chunk below {@code before}, or -1 when there is none. */
  public long lastSeqBefore(long before) {
    long last = -1;
    for (String mark : marks.split(",")) {
      if (!mark.isEmpty()) {
        long seq = Long.parseLong(mark.substring(0, mark.indexOf(':')));
        if (seq >= before) {
          break;
        }
        last = seq;
      }
    }
    return last;
  }

  /** The entry a history shows for it: the assistant's message so far, status {@value #STATUS_STREAMING}. */
  public MessageView asMessage(String sessionId) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    if (agentType != null) {
      metadata.put("agentType", agentType);
    }
    metadata.put("inReplyTo", inReplyTo);
    return new MessageView(id, sessionId, text, MessageView.ROLE_ASSISTANT, startedAt, STATUS_STREAMING, lastSeq,
        metadata);
  }
}
