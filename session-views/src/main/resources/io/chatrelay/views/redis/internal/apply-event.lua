-- Applies one event of chat-messages to one session's views, atomically.
--
-- Every key belongs to the session and carries its id as the hash tag {sessionId}, so on Redis Cluster the script
-- runs on the one node that holds the session. What spans sessions (the user's index of sessions, the positions of
-- the partitions, the live-prefix pointer) is written once per batch by the caller, not here.
--
-- KEYS: 1 session hash, 2 messages zset, 3 replied set, 4 answer hash (the answer being streamed)
-- ARGV: 1 op (created | message | chunk | status | deleted), 2 partition, 3 offset, 4 sessionId, 5 userId,
--       6 occurredAt (ISO-8601), 7 agentType (created), message JSON (message) or the chunk's text (chunk),
--       8 inReplyTo ('' when none), 9 the chunk's index, 10 the chunk's event id, 11 the chunk's agentType,
--       12 when the session's keys expire (epoch ms, PEXPIREAT; '' to keep them until the session is deleted)
--
-- Returns {outcome, state}: the outcome as a string (see Outcome.java) and what the session is afterwards, 'live',
-- 'deleted' or 'none', so the caller can keep the user's index in step (a replay over existing views repairs it).
-- Numbers are passed and stored as the strings Java wrote: Lua turns large numbers into strings with an exponent,
-- which would corrupt offsets.

local op, partition, offset = ARGV[1], ARGV[2], ARGV[3]
local sessionId, userId, at = ARGV[4], ARGV[5], ARGV[6]

local s = redis.call('HMGET', KEYS[1], 'status', 'lastSeq', 'userId', 'partition')
local status, lastSeq, owner, home = s[1], s[2], s[3], s[4]
local state = 'none'
if status == 'deleted' then state = 'deleted' elseif status then state = 'live' end

-- Every write keeps the session's keys, all of them, until the same time: a cold session leaves Redis whole.
local expireAt = ARGV[12]
local function applied(after)
  if expireAt ~= '' then
    for i = 1, 4 do redis.call('PEXPIREAT', KEYS[i], expireAt) end
  end
  return {'applied', after}
end

if op == 'created' then
  if status then
    -- A session is created once; a replay, a retried create or a create after deletion changes nothing.
    if tonumber(lastSeq) >= tonumber(offset) then return {'duplicate', state} end
    if status == 'deleted' then return {'deleted_session', state} end
    return {'session_exists', state}
  end
  redis.call('HSET', KEYS[1], 'id', sessionId, 'userId', userId, 'createdAt', at, 'updatedAt', at,
    'status', 'active', 'agentType', ARGV[7], 'messageCount', '0', 'lastActivity', at,
    'lastSeq', offset, 'partition', partition, 'firstSeq', offset)
  return applied('live')
end

if not status then return {'unknown_session', state} end
-- Offsets only order events of one partition; comparing across partitions would break idempotence.
if home ~= partition then return {'other_partition', state} end
if tonumber(lastSeq) >= tonumber(offset) then return {'duplicate', state} end
if status == 'deleted' then return {'deleted_session', state} end
if owner ~= userId then return {'foreign_user', state} end

if op == 'status' then
  redis.call('HSET', KEYS[1], 'lastSeq', offset)
  return applied(state)
end

if op == 'deleted' then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
  -- The tombstone keeps what a replay needs to recognise the session and leave it deleted.
  redis.call('HSET', KEYS[1], 'status', 'deleted', 'userId', owner, 'lastSeq', offset, 'partition', partition)
  return applied('deleted')
end

local inReplyTo = ARGV[8]

if op == 'chunk' then
  redis.call('HSET', KEYS[1], 'lastSeq', offset)
  if redis.call('SISMEMBER', KEYS[3], inReplyTo) == 1 then return {'already_replied', state} end
  local a = redis.call('HMGET', KEYS[4], 'inReplyTo', 'next')
  local index = tonumber(ARGV[9])
  if index == 0 then
    -- A second first chunk for the same answer would show its text twice: only the first stream counts.
    if a[1] == inReplyTo then return {'stray_chunk', state} end
    redis.call('DEL', KEYS[4])
    redis.call('HSET', KEYS[4], 'inReplyTo', inReplyTo, 'id', ARGV[10], 'agentType', ARGV[11], 'startedAt', at)
  elseif a[1] ~= inReplyTo or tonumber(a[2]) ~= index then
    return {'stray_chunk', state}
  end
  -- One field pair per chunk, text and seq: constant work per chunk however long the answer grows.
  redis.call('HSET', KEYS[4], 'next', tostring(index + 1), 't:' .. index, ARGV[7], 's:' .. index, offset)
  redis.call('HSET', KEYS[1], 'updatedAt', at, 'lastActivity', at)
  return applied(state)
end

-- op == 'message'
if inReplyTo ~= '' and redis.call('SADD', KEYS[3], inReplyTo) == 0 then
  redis.call('HSET', KEYS[1], 'lastSeq', offset)
  return {'already_replied', state}
end
if inReplyTo ~= '' and redis.call('HGET', KEYS[4], 'inReplyTo') == inReplyTo then
  -- The answer ended: its whole text is in this message, the history's from now on.
  redis.call('DEL', KEYS[4])
end
redis.call('ZADD', KEYS[2], offset, ARGV[7])
redis.call('HINCRBY', KEYS[1], 'messageCount', 1)
redis.call('HSET', KEYS[1], 'updatedAt', at, 'lastActivity', at, 'lastSeq', offset)
return applied(state)
