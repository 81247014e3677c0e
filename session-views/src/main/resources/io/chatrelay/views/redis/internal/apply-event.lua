-- Applies one event of chat-messages to the session views, atomically.
--
-- KEYS: 1 session hash, 2 messages zset, 3 user-sessions zset, 4 replied set, 5 positions hash,
--       6 the active-prefix pointer, 7 the answer hash (the answer being streamed)
-- ARGV: 1 op (created | message | chunk | status | deleted | unreadable), 2 partition, 3 offset, 4 next offset,
--       5 sessionId, 6 userId, 7 occurredAt (ISO-8601), 8 occurredAt (epoch ms),
--       9 agentType (created), message JSON (message) or the chunk's text (chunk), 10 inReplyTo ('' when none),
--       11 the prefix these keys belong to when the writer follows the pointer ('' for a rebuild's own prefix),
--       12 the home prefix, live while the pointer is unset,
--       13 the chunk's index, 14 the chunk's event id, 15 the chunk's agentType (chunk only; '' otherwise)
--
-- Returns the outcome as a string (see Outcome.java). Numbers are passed and stored as the strings Java wrote:
-- Lua turns large numbers into strings with an exponent, which would corrupt offsets.

local op, partition, offset, nextOffset = ARGV[1], ARGV[2], ARGV[3], ARGV[4]

-- Checked before anything is written: once a rebuild has switched readers to a fresh prefix, the old one must not
-- change any more, and the writer resends this event to the new prefix.
if ARGV[11] ~= '' and (redis.call('GET', KEYS[6]) or ARGV[12]) ~= ARGV[11] then
  return 'moved'
end
local sessionId, userId, at, atMillis = ARGV[5], ARGV[6], ARGV[7], ARGV[8]

-- The position moves for every record, applied or ignored, so readers waiting for it never hang.
local position = redis.call('HGET', KEYS[5], partition)
if not position or tonumber(position) < tonumber(nextOffset) then
  redis.call('HSET', KEYS[5], partition, nextOffset)
end
if op == 'unreadable' then
  return 'unreadable'
end

local s = redis.call('HMGET', KEYS[1], 'status', 'lastSeq', 'userId', 'partition')
local status, lastSeq, owner, home = s[1], s[2], s[3], s[4]

if op == 'created' then
  if status then
    -- A session is created once; a replay, a retried create or a create after deletion changes nothing.
    if tonumber(lastSeq) >= tonumber(offset) then return 'duplicate' end
    if status == 'deleted' then return 'deleted_session' end
    return 'session_exists'
  end
  redis.call('HSET', KEYS[1], 'id', sessionId, 'userId', userId, 'createdAt', at, 'updatedAt', at,
    'status', 'active', 'agentType', ARGV[9], 'messageCount', '0', 'lastActivity', at,
    'lastSeq', offset, 'partition', partition, 'firstSeq', offset)
  redis.call('ZADD', KEYS[3], atMillis, sessionId)
  return 'applied'
end

if not status then return 'unknown_session' end
-- Offsets only order events of one partition; comparing across partitions would break idempotence.
if home ~= partition then return 'other_partition' end
if tonumber(lastSeq) >= tonumber(offset) then return 'duplicate' end
if status == 'deleted' then return 'deleted_session' end
if owner ~= userId then return 'foreign_user' end

if op == 'status' then
  redis.call('HSET', KEYS[1], 'lastSeq', offset)
  return 'applied'
end

if op == 'deleted' then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[4], KEYS[7])
  -- The tombstone keeps what a replay needs to recognise the session and leave it deleted.
  redis.call('HSET', KEYS[1], 'status', 'deleted', 'userId', owner, 'lastSeq', offset, 'partition', partition)
  redis.call('ZREM', KEYS[3], sessionId)
  return 'applied'
end

local inReplyTo = ARGV[10]

if op == 'chunk' then
  redis.call('HSET', KEYS[1], 'lastSeq', offset)
  if redis.call('SISMEMBER', KEYS[4], inReplyTo) == 1 then return 'already_replied' end
  local a = redis.call('HMGET', KEYS[7], 'inReplyTo', 'next')
  local index = tonumber(ARGV[13])
  if index == 0 then
    -- A second first chunk for the same answer would show its text twice: only the first stream counts.
    if a[1] == inReplyTo then return 'stray_chunk' end
    redis.call('DEL', KEYS[7])
    redis.call('HSET', KEYS[7], 'inReplyTo', inReplyTo, 'id', ARGV[14], 'agentType', ARGV[15], 'startedAt', at)
  elseif a[1] ~= inReplyTo or tonumber(a[2]) ~= index then
    return 'stray_chunk'
  end
  -- One field pair per chunk, text and seq: constant work per chunk however long the answer grows.
  redis.call('HSET', KEYS[7], 'next', tostring(index + 1), 't:' .. index, ARGV[9],
    's:' .. index, offset)
  redis.call('HSET', KEYS[1], 'updatedAt', at, 'lastActivity', at)
  return 'applied'
end

-- op == 'message'
if inReplyTo ~= '' and redis.call('SADD', KEYS[4], inReplyTo) == 0 then
  redis.call('HSET', KEYS[1], 'lastSeq', offset)
  return 'already_replied'
end
if inReplyTo ~= '' and redis.call('HGET', KEYS[7], 'inReplyTo') == inReplyTo then
  -- The answer ended: its whole text is in this message, the history's from now on.
  redis.call('DEL', KEYS[7])
end
redis.call('ZADD', KEYS[2], offset, ARGV[9])
redis.call('HINCRBY', KEYS[1], 'messageCount', 1)
redis.call('HSET', KEYS[1], 'updatedAt', at, 'lastActivity', at, 'lastSeq', offset)
redis.call('ZADD', KEYS[3], atMillis, sessionId)
return 'applied'
