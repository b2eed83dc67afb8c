-- Everything at one instant: the id of the last feed entry, then each booked day and its hash.
-- KEYS 1 the day index, 2 the change feed. ARGV 1 the prefix of day hash keys.
-- Answers {lastId, date, {field, value, ...}, date, {...}, ...}.
local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
local out = {'0-0'}
if #last > 0 then out[1] = last[1][1] end
for _, date in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  table.insert(out, date)
  table.insert(out, redis.call('HGETALL', ARGV[1] .. date))
end
return out
