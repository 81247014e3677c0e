package io.chatrelay.views;

/** Field names of the session hash ({@link ViewKeys#session}). Times are ISO-8601 UTC strings. */
public final class SessionFields {

  public static final String ID = "id";
  public static final String USER_ID = "userId";
  public static final String CREATED_AT = "createdAt";
  public static final String UPDATED_AT = "updatedAt";
  /** {@code active} or {@code deleted}. */
  public static final String STATUS = "status";
  public static final String AGENT_TYPE = "agentType";
  public static final String MESSAGE_COUNT = "messageCount";
  public static final String LAST_ACTIVITY = "lastActivity";
  /** The log offset of the last event applied to this session: events at or below it are ignored. */
  public static final String LAST_SEQ = "lastSeq";
  /** The partition that holds this session's events. */
  public static final String PARTITION = "partition";
  /** The offset of the session's first event, where a replay of its history starts. */
  public static final String FIRST_SEQ = "firstSeq";

  public static final String STATUS_ACTIVE = "active";
  public static final String STATUS_DELETED = "deleted";

  private SessionFields() {}
}
