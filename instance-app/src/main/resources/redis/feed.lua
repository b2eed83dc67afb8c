-- Shared by every write: the first four args say how to append to the change feed and the history.
-- ARGV 1 feed max length, 2 the feed's type field, 3 its data field, 4 the oldest history id to keep.
-- The data appended is JSON the app encoded; the scripts only store it.
local FEED_MAX, TYPE, DATA, OLDEST_KEPT = ARGV[1], ARGV[2], ARGV[3], ARGV[4]

local function announce(feed, kind, data)
  return redis.call('XADD', feed, 'MAXLEN', '~', FEED_MAX, '*', TYPE, kind, DATA, data)
end

local function remember(history, entry)
  redis.call('XADD', history, 'MINID', OLDEST_KEPT, '*', DATA, entry)
end

-- The first booking of the day hash `key` that overlaps hours start .. start + duration, ignoring the
-- field `except`: its field and its value, or nil.
local function taken(key, start, duration, except)
  local booked = redis.call('HGETALL', key)
  for i = 1, #booked, 2 do
    local hour = tonumber(string.sub(booked[i], 1, 2))
    if hour and booked[i] ~= except then
      -- an unreadable value (the app skips it when reading) still holds its own hour
      local ok, other = pcall(cjson.decode, booked[i + 1])
      local length = ok and type(other) == 'table' and tonumber(other.duration) or 1
      if hour < start + duration and start < hour + length then
        return booked[i], booked[i + 1]
      end
    end
  end
  return nil
end
