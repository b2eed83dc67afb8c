-- wrk script: every request POSTs a booking no other request asks for, so none conflicts.
-- Each wrk thread takes every Nth slot (one hour on a day from FIRST_DAY on), N = thread count.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  first_day = tonumber(args[1])          -- epoch day of the first date
  stride = tonumber(args[2])             -- thread count
  users = { "Jack", "Bonnie", "Clyde" }
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

local function date_of(epoch_day)
  return os.date("!%Y-%m-%d", epoch_day * 86400)
end

function request()
  local slot = counter * stride + id
  counter = counter + 1
  local body = string.format('{"date":"%s","time":"%02d:00","user":"%s","duration":1}',
      date_of(first_day + math.floor(slot / 24)), slot % 24, users[slot % 3 + 1])
  return wrk.format(nil, "/api/bookings", nil, body)
end
