-- Publishes a batch's new positions (KEYS[1] is the positions channel, ARGV[1] the message).
-- It runs as a script, not a plain PUBLISH, on purpose: after a Redis restart the script cache is empty, so this
-- fails with NOSCRIPT exactly when the batch's apply scripts did, and readers are never woken for writes that
-- did not happen.
redis.call('PUBLISH', KEYS[1], ARGV[1])
return 1
