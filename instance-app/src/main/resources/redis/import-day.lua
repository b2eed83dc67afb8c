-- Imports the bookings of one day at once: each is created unless the same value is already there
-- ('same') or it overlaps one that is, or an earlier one of the same import ('conflict'); nothing is
-- overwritten. With a dry run nothing is written.
-- KEYS 1 the day hash, 2 the day index, 3 the change feed, 4 the history.
-- ARGV 1-4 see feed.lua; 5 date, 6 epoch day, 7 dry run ('1'), 8 the created type; then per booking:
-- start hour, duration, value, feed data, history entry.
-- Answers per booking {'created' | 'same' | 'conflict', field, value} and then, for a real run, the
-- feed ids of the created ones.
local date, dry = ARGV[5], ARGV[7] == '1'
local out, ids, planned = {}, {}, {}
for i = 9, #ARGV, 5 do
  local start, duration, value = tonumber(ARGV[i]), tonumber(ARGV[i + 1]), ARGV[i + 2]
  local field = string.format('%02d:00', start)
  local there = redis.call('HGET', KEYS[1], field)
  local busy, busyValue = taken(KEYS[1], start, duration, nil)
  for _, p in ipairs(planned) do
    if not busy and p[1] < start + duration and start < p[1] + p[2] then busy, busyValue = p[3], p[4] end
  end
  if there == value then
    table.insert(out, 'same'); table.insert(out, field); table.insert(out, there)
  elseif busy then
    table.insert(out, 'conflict'); table.insert(out, busy); table.insert(out, busyValue)
  else
    table.insert(planned, {start, duration, field, value})
    table.insert(out, 'created'); table.insert(out, field); table.insert(out, value)
    if not dry then
      redis.call('HSET', KEYS[1], field, value)
      redis.call('ZADD', KEYS[2], ARGV[6], date)
      table.insert(ids, announce(KEYS[3], ARGV[8], ARGV[i + 3]))
      remember(KEYS[4], ARGV[i + 4])
    end
  end
end
for _, id in ipairs(ids) do table.insert(out, id) end
return out
