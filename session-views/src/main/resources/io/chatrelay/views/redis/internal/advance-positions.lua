-- Ends a batch: checks that the batch's prefix is still the live one, moves the partitions' positions forward and
-- announces them. The caller runs it only after every event of the batch is in Redis, so a reader woken by it
-- finds what it waited for.
--
-- KEYS: 1 the positions hash (also the channel the positions are announced on), 2 the active-prefix pointer.
--       Both carry the same hash tag, so on Redis Cluster they live on one node.
-- ARGV: 1 the announcement, 2 the prefix the writer expects to be live ('' when it writes a prefix of its own),
--       3 the home prefix (live while the pointer is unset), 4 how to announce: 'PUBLISH', 'SPUBLISH' (Redis
--       Cluster: sharded, to the one node of the channel) or '' (not at all), 5.. pairs of partition, next offset
--
-- Returns 'moved' without changing anything when readers were switched to another prefix (the writer then
-- resends the batch there), else 'ok'. It runs as a script on purpose: after a Redis restart the script cache is
-- empty, so this fails with NOSCRIPT exactly when the batch's apply scripts did, and readers are never woken for
-- writes that did not happen.
if ARGV[2] ~= '' and (redis.call('GET', KEYS[2]) or ARGV[3]) ~= ARGV[2] then
  return 'moved'
end
for i = 5, #ARGV, 2 do
  local position = redis.call('HGET', KEYS[1], ARGV[i])
  if not position or tonumber(position) < tonumber(ARGV[i + 1]) then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  end
end
if ARGV[4] ~= '' and #ARGV > 4 then
  redis.call(ARGV[4], KEYS[1], ARGV[1])
end
return 'ok'
