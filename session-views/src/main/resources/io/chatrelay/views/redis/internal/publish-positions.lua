-- Publishes a batch's new positions (KEYS[1] is the positions channel, ARGV[1] the message).
-- It runs as a script, not a plain PUBLISH, on purpose: after a Redis restart the script cache is empty, so this
-- fails with NOSCRIPT exactly when the batch's apply scripts did, and readers are never woken for writes that
-- did not happen. For the same reason it stays silent when the views moved to another prefix (KEYS[2] is the
-- active-prefix pointer, ARGV[2] the prefix of this channel or '' when not checked, ARGV[3] the home prefix).
if ARGV[2] ~= '' and (redis.call('GET', KEYS[2]) or ARGV[3]) ~= ARGV[2] then
  return 0
end
redis.call('PUBLISH', KEYS[1], ARGV[1])
return 1
