-- Deletes the booking that starts at a field, given the value the app saw there.
-- KEYS 1 the day hash, 2 the day index, 3 the change feed, 4 the history.
-- ARGV 1-4 see feed.lua; 5 date, 6 field (HH:00), 7 feed type, 8 feed data, 9 history entry,
-- 10 the value it deletes.
-- Answers {'ok', feed id, value removed}, {'missing'} or {'stale', current value}.
local current = redis.call('HGET', KEYS[1], ARGV[6])
if not current then return {'missing'} end
if current ~= ARGV[10] then return {'stale', current} end
redis.call('HDEL', KEYS[1], ARGV[6])
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('ZREM', KEYS[2], ARGV[5]) end
local id = announce(KEYS[3], ARGV[7], ARGV[8])
remember(KEYS[4], ARGV[9])
return {'ok', id, current}
