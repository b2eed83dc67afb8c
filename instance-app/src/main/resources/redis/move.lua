-- Moves a booking to another start, given the value the app saw there and the value it becomes.
-- KEYS 1 the day hash it leaves, 2 the day hash it goes to (may be the same), 3 the day index,
-- 4 the change feed, 5 the history.
-- ARGV 1-4 see feed.lua; 5 from date, 6 from field, 7 to date, 8 to start hour, 9 duration,
-- 10 to epoch day, 11 the moved value, 12 the deleted type, 13 its feed data, 14 the created type,
-- 15 its feed data, 16 the history entry, 17 the value it moves.
-- Answers {'ok', deleted id, created id, value}, {'conflict', field, value}, {'missing'} or
-- {'stale', current value}.
local current = redis.call('HGET', KEYS[1], ARGV[6])
if not current then return {'missing'} end
if current ~= ARGV[17] then return {'stale', current} end
local start = tonumber(ARGV[8])
local field = string.format('%02d:00', start)
local except = KEYS[1] == KEYS[2] and ARGV[6] or nil
local busy, busyValue = taken(KEYS[2], start, tonumber(ARGV[9]), except)
if busy then return {'conflict', busy, busyValue} end
redis.call('HDEL', KEYS[1], ARGV[6])
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('ZREM', KEYS[3], ARGV[5]) end
redis.call('HSET', KEYS[2], field, ARGV[11])
redis.call('ZADD', KEYS[3], ARGV[10], ARGV[7])
local gone = announce(KEYS[4], ARGV[12], ARGV[13])
local came = announce(KEYS[4], ARGV[14], ARGV[15])
remember(KEYS[5], ARGV[16])
return {'ok', gone, came, ARGV[11]}
