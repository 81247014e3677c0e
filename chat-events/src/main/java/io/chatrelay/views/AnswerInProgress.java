package io.chatrelay.views;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The answer a session's agent is still writing, as the views hold it ({@link ViewKeys#answer}).
 *
 * @param inReplyTo the user message being answered
 * @param id the event id of the first chunk
 * @param chunks the chunks taken so far, in order (never empty)
 */
public record AnswerInProgress(
    String inReplyTo, String id, String agentType, Instant startedAt, List<Chunk> chunks) {

  /** The status of the in-progress entry in a history: neither delivered nor failed yet. */
  public static final String STATUS_STREAMING = "streaming";

  /** One chunk: its place in the log and its text. */
  public record Chunk(long seq, String text) {}

  public AnswerInProgress {
    chunks = List.copyOf(chunks);
    if (chunks.isEmpty()) {
      throw new IllegalArgumentException("an answer in progress has at least one chunk");
    }
  }

  /**
   * Reads the answer hash, its chunks in index order; empty when no answer is being written (no hash, or one
   * missing a field).
   */
  public static Optional<AnswerInProgress> fromHash(Map<String, String> hash) {
    if (hash == null || !hash.containsKey(AnswerFields.IN_REPLY_TO) || !hash.containsKey(AnswerFields.NEXT)) {
      return Optional.empty();
    }
    int count = Integer.parseInt(hash.get(AnswerFields.NEXT));
    List<Chunk> chunks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String seq = hash.get(AnswerFields.SEQ_PREFIX + i);
      if (seq == null) {
        return Optional.empty();
      }
      chunks.add(new Chunk(Long.parseLong(seq), hash.getOrDefault(AnswerFields.TEXT_PREFIX + i, "")));
    }
    if (chunks.isEmpty()) {
      return Optional.empty();
    }
    String agentType = hash.get(AnswerFields.AGENT_TYPE);
    return Optional.of(new AnswerInProgress(hash.get(AnswerFields.IN_REPLY_TO), hash.get(AnswerFields.ID),
        agentType == null || agentType.isEmpty() ? null : agentType,
        Instant.parse(hash.get(AnswerFields.STARTED_AT)), chunks));
  }

  /** The text so far. */
  public String text() {
    return textBetween(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** The seq of the last chunk taken. */
  public long lastSeq() {
    return chunks.get(chunks.size() - 1).seq();
  }

  /** The text of the chunks after {@code seq}: what a client that has everything up to {@code seq} is missing. */
  public String textAfter(long seq) {
    return textBetween(seq, Long.MAX_VALUE);
  }

  /** The text of the chunks with {@code after < seq < before}. */
  public String textBetween(long after, long before) {
    StringBuilder out = new StringBuilder();
    for (Chunk chunk : chunks) {
      if (chunk.seq() > after && chunk.seq() < before) {
        out.append(chunk.text());
      }
    }
    return out.toString();
  }

  /** The seq of the last chunk below {@code before}, or -1 when there is none. */
  public long lastSeqBefore(long before) {
    long last = -1;
    for (Chunk chunk : chunks) {
      if (chunk.seq() < before) {
        last = chunk.seq();
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
    return new MessageView(id, sessionId, text(), MessageView.ROLE_ASSISTANT, startedAt, STATUS_STREAMING, lastSeq(),
        metadata);
  }
}
