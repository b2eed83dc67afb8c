-- Creates a booking or, given the value it replaces, updates it.
-- KEYS 1 the day hash, 2 the day index, 3 the change feed, 4 the history.
-- ARGV 1-4 see feed.lua; 5 date, 6 start hour, 7 duration, 8 epoch day, 9 feed type, 10 the value,
-- 11 the feed data, 12 the history entry, 13 (update only) the value it replaces.
-- Answers {'ok', feed id, value}, {'conflict', field, value}, {'missing'}, or {'stale', current value}
-- when the booking is no longer the one the app changed (the app derives the change again from it).
local date, start, duration = ARGV[5], tonumber(ARGV[6]), tonumber(ARGV[7])
local field = string.format('%02d:00', start)
local replacing = ARGV[13] ~= nil
if replacing then
  local current = redis.call('HGET', KEYS[1], field)
  if not current then return {'missing'} end
  if current ~= ARGV[13] then return {'stale', current} end
end
local busy, busyValue = taken(KEYS[1], start, duration, replacing and field or nil)
if busy then return {'conflict', busy, busyValue} end
redis.call('HSET', KEYS[1], field, ARGV[10])
redis.call('ZADD', KEYS[2], ARGV[8], date)
local id = announce(KEYS[3], ARGV[9], ARGV[11])
remember(KEYS[4], ARGV[12])
return {'ok', id, ARGV[10]}
