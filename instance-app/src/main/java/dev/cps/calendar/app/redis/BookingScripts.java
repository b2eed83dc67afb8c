package dev.cps.calendar.app.redis;

/**
 * The Lua scripts that change bookings in Redis. Each checks and writes in one step (Redis runs
 * a script alone), touches only the keys of one instance (one hash slot, thanks to the {@code {slug}}
 * tag), and appends its change to the feed and to the history in the same step, so neither ever
 * misses or invents a write.
 *
 * <p>Keys of create and update: 1 the day hash, 2 the day index (zset), 3 the change feed (stream),
 * 4 the history (stream). Args: 1 date, 2 start hour, 3 user, 4 duration, 5 createdAt, 6 epoch day,
 * 7 feed max length, 8 type field, 9 type, 10 data field, 11 sequence (create only), 12 origin JSON,
 * 13 the oldest history id to keep. They answer {@code {"ok", id, value}},
 * {@code {"conflict", field, value}} or {@code {"missing"}}.
 */
final class BookingScripts {

    private BookingScripts() {
    }

    /** Appends one entry to the history (KEYS[HISTORY]) and drops what is older than the retention. */
    private static final String HISTORY = """
            local function remember(action, before, after, origin, oldest)
              local entry = '{"action":"' .. action .. '"'
              if before then entry = entry .. ',"before":' .. before end
              if after then entry = entry .. ',"after":' .. after end
              entry = entry .. ',"origin":' .. origin .. '}'
              redis.call('XADD', KEYS[HISTORY], 'MINID', oldest, '*', 'data', entry)
            end
            local function placed(date, field, value)
              return '{"date":"' .. date .. '","time":"' .. field .. '","booking":' .. value .. '}'
            end
            local function encode(user, duration, createdAt, sequence)
              local value = '{"user":' .. cjson.encode(user) .. ',"duration":' .. duration
                .. ',"createdAt":"' .. createdAt .. '"'
              if sequence > 0 then value = value .. ',"sequence":' .. sequence end
              return value .. '}'
            end
            """;

    /** Whether hours {@code start} .. {@code start + duration} of the hash {@code key} are free, ignoring the field {@code except}. */
    private static final String OVERLAP = """
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
            """;

    private static final String CONFLICT_CHECK = """
            local date, start, user, duration = ARGV[1], tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
            local field = string.format('%02d:00', start)
            local busy, busyValue = taken(KEYS[1], start, duration, REPLACING and field or nil)
            if busy then return {'conflict', busy, busyValue} end
            """;

    private static final String WRITE_AND_FEED = """
            local value = encode(user, duration, createdAt, sequence)
            redis.call('HSET', KEYS[1], field, value)
            redis.call('ZADD', KEYS[2], ARGV[6], date)
            local data = placed(date, field, value)
            local id = redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[7], '*', ARGV[8], ARGV[9], ARGV[10], data)
            remember(action, before, data, ARGV[12], ARGV[13])
            return {'ok', id, value}
            """;

    private static final String WRITE_PRELUDE = "local HISTORY = 4\n" + HISTORY + OVERLAP;

    static final LuaScript CREATE = new LuaScript(WRITE_PRELUDE + "local REPLACING = false\n" + CONFLICT_CHECK
            + "local createdAt, sequence, action, before = ARGV[5], tonumber(ARGV[11]), 'created', nil\n" + WRITE_AND_FEED);

    static final LuaScript UPDATE = new LuaScript(WRITE_PRELUDE + "local REPLACING = true\n"
            + "local current = redis.call('HGET', KEYS[1], string.format('%02d:00', tonumber(ARGV[2])))\n"
            + "if not current then return {'missing'} end\n"
            + CONFLICT_CHECK
            + "local ok, was = pcall(cjson.decode, current)\n"
            + "if not ok or type(was) ~= 'table' then was = {} end\n"
            + "local createdAt = type(was.createdAt) == 'string' and was.createdAt or ARGV[5]\n"
            + "local sequence = (tonumber(was.sequence) or 0) + 1\n"
            + "local action = was.user ~= user and 'user-changed' or 'changed'\n"
            + "local before = placed(date, field, current)\n"
            + WRITE_AND_FEED);

    /**
     * Keys: 1 the day hash, 2 the day index, 3 the change feed, 4 the history. Args: 1 date, 2 field
     * (HH:00), 3 feed max length, 4 type field, 5 type, 6 data field, 7 origin JSON, 8 oldest history id.
     * Answers {@code {"ok", id, value}} (the value removed) or {@code {"missing"}}.
     */
    static final LuaScript DELETE = new LuaScript(WRITE_PRELUDE + """
            local current = redis.call('HGET', KEYS[1], ARGV[2])
            if not current then return {'missing'} end
            redis.call('HDEL', KEYS[1], ARGV[2])
            if redis.call('HLEN', KEYS[1]) == 0 then redis.call('ZREM', KEYS[2], ARGV[1]) end
            local data = '{"date":"' .. ARGV[1] .. '","time":"' .. ARGV[2] .. '"}'
            local id = redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[3], '*', ARGV[4], ARGV[5], ARGV[6], data)
            remember('deleted', placed(ARGV[1], ARGV[2], current), nil, ARGV[7], ARGV[8])
            return {'ok', id, current}
            """);

    /**
     * Moves a booking to another start, keeping its user, length and creation time, one revision later.
     * Keys: 1 the day hash it leaves, 2 the day hash it goes to (may be the same), 3 the day index,
     * 4 the change feed, 5 the history. Args: 1 from date, 2 from field, 3 to date, 4 to start hour,
     * 5 to epoch day, 6 the hour it must end by, 7 feed max length, 8 type field, 9 data field,
     * 10 origin JSON, 11 oldest history id. Answers {@code {"ok", deletedId, createdId, value}},
     * {@code {"conflict", field, value}}, {@code {"missing"}} or {@code {"too-long", duration}}.
     */
    static final LuaScript MOVE = new LuaScript("local HISTORY = 5\n" + HISTORY + OVERLAP + """
            local current = redis.call('HGET', KEYS[1], ARGV[2])
            if not current then return {'missing'} end
            local ok, was = pcall(cjson.decode, current)
            if not ok or type(was) ~= 'table' or type(was.user) ~= 'string' or type(was.createdAt) ~= 'string' then
              return {'missing'}
            end
            local duration, start = tonumber(was.duration) or 1, tonumber(ARGV[4])
            if start + duration > tonumber(ARGV[6]) then return {'too-long', tostring(duration)} end
            local field = string.format('%02d:00', start)
            local except = KEYS[1] == KEYS[2] and ARGV[2] or nil
            local busy, busyValue = taken(KEYS[2], start, duration, except)
            if busy then return {'conflict', busy, busyValue} end
            redis.call('HDEL', KEYS[1], ARGV[2])
            if redis.call('HLEN', KEYS[1]) == 0 then redis.call('ZREM', KEYS[3], ARGV[1]) end
            local value = encode(was.user, duration, was.createdAt, (tonumber(was.sequence) or 0) + 1)
            redis.call('HSET', KEYS[2], field, value)
            redis.call('ZADD', KEYS[3], ARGV[5], ARGV[3])
            local after = placed(ARGV[3], field, value)
            local gone = redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[7], '*', ARGV[8], 'booking-deleted', ARGV[9],
              '{"date":"' .. ARGV[1] .. '","time":"' .. ARGV[2] .. '"}')
            local came = redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[7], '*', ARGV[8], 'booking-created', ARGV[9], after)
            remember('moved', placed(ARGV[1], ARGV[2], current), after, ARGV[10], ARGV[11])
            return {'ok', gone, came, value}
            """);

    /**
     * Imports the bookings of one day at once: each is created unless one like it is already there
     * (same start, user, length and creation time: answered "same") or it overlaps one that is, or
     * an earlier one of the same import ("conflict"); nothing is overwritten. With arg 6 = "1" (a dry
     * run) nothing is written. Keys: as create. Args: 1 date, 2 epoch day, 3 feed max length,
     * 4 origin JSON, 5 oldest history id, 6 dry run, then per booking: start hour, user, duration,
     * createdAt, sequence. Answers per booking {@code "created" | "same" | "conflict", field, value}
     * and then, for a real run, the feed ids of the created ones.
     */
    static final LuaScript IMPORT_DAY = new LuaScript(WRITE_PRELUDE + """
            local date, dry = ARGV[1], ARGV[6] == '1'
            local out, ids, planned = {}, {}, {}
            for i = 7, #ARGV, 5 do
              local start, user, duration = tonumber(ARGV[i]), ARGV[i + 1], tonumber(ARGV[i + 2])
              local createdAt, sequence = ARGV[i + 3], tonumber(ARGV[i + 4])
              local field = string.format('%02d:00', start)
              local value = encode(user, duration, createdAt, sequence)
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
                  redis.call('ZADD', KEYS[2], ARGV[2], date)
                  local data = placed(date, field, value)
                  table.insert(ids, redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[3], '*', 'type', 'booking-created', 'data', data))
                  remember('created', nil, data, ARGV[4], ARGV[5])
                end
              end
            end
            for _, id in ipairs(ids) do table.insert(out, id) end
            return out
            """);

    /**
     * Everything at one instant: the id of the last feed entry, then each booked day and its hash.
     * Keys: 1 the day index, 2 the change feed. Arg 1: the prefix of day hash keys.
     * Answers {@code {lastId, date, {field, value, ...}, date, {...}, ...}}.
     */
    static final LuaScript SNAPSHOT = new LuaScript("""
            local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
            local out = {'0-0'}
            if #last > 0 then out[1] = last[1][1] end
            for _, date in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
              table.insert(out, date)
              table.insert(out, redis.call('HGETALL', ARGV[1] .. date))
            end
            return out
            """);
}
