-- Switches readers and the live writer from one view prefix to another, atomically, but only when the new views
-- have applied at least everything the old ones have: then nothing a reader saw can go missing.
--
-- KEYS: 1 the active-prefix pointer (also the channel announcing the switch), 2 old positions, 3 new positions
-- ARGV: 1 the prefix expected to be live now, 2 the new prefix, 3 the home prefix (live while the pointer is unset),
--       4 how to announce: 'PUBLISH' or 'SPUBLISH' (Redis Cluster)
-- All keys carry the same hash tag, so on Redis Cluster they live on one node.
--
-- Returns {'switched', new prefix}, {'conflict', the prefix that is live instead} or
-- {'behind', 'partition:old position>new position'}.

local live = redis.call('GET', KEYS[1]) or ARGV[3]
if live ~= ARGV[1] then
  return {'conflict', live}
end
local old = redis.call('HGETALL', KEYS[2])
for i = 1, #old, 2 do
  local mine = redis.call('HGET', KEYS[3], old[i])
  if not mine or tonumber(mine) < tonumber(old[i + 1]) then
    return {'behind', old[i] .. ':' .. old[i + 1] .. '>' .. (mine or 'none')}
  end
end
if ARGV[2] == ARGV[3] then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], ARGV[2])
end
redis.call(ARGV[4], KEYS[1], ARGV[2])
return {'switched', ARGV[2]}
