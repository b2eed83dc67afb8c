package dev.cps.calendar.app.store;

/**
 * The Lua scripts that change bookings in Redis. Each checks and writes in one step (Redis runs
 * a script alone), touches only the day's hash, the day index and the change feed of one
 * instance (one hash slot, thanks to the {@code {slug}} tag), and appends its change to the feed
 * in the same step, so the feed never misses or invents a write.
 *
 * <p>Keys: 1 the day hash, 2 the day index (zset), 3 the change feed (stream).
 * Args of create and update: 1 date, 2 start hour, 3 user, 4 duration, 5 createdAt, 6 epoch day,
 * 7 feed max length, 8 type field, 9 type, 10 data field. They answer {@code {"ok", id, value}},
 * {@code {"conflict", field, value}} or {@code {"missing"}}.
 */
final class BookingScripts {

    private BookingScripts() {
    }

    private static final String CONFLICT_CHECK = """
            local date, start, user, duration = ARGV[1], tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
            local field = string.format('%02d:00', start)
            local booked = redis.call('HGETALL', KEYS[1])
            for i = 1, #booked, 2 do
              local hour = tonumber(string.sub(booked[i], 1, 2))
              if hour and not (REPLACING and booked[i] == field) then
                -- an unreadable value (the app skips it when reading) still holds its own hour
                local ok, other = pcall(cjson.decode, booked[i + 1])
                local length = ok and type(other) == 'table' and tonumber(other.duration) or 1
                if hour < start + duration and start < hour + length then
                  return {'conflict', booked[i], booked[i + 1]}
                end
              end
            end
            """;

    private static final String WRITE_AND_FEED = """
            local value = '{"user":' .. cjson.encode(user) .. ',"duration":' .. duration
              .. ',"createdAt":"' .. createdAt .. '"}'
            redis.call('HSET', KEYS[1], field, value)
            redis.call('ZADD', KEYS[2], ARGV[6], date)
            local data = '{"date":"' .. date .. '","time":"' .. field .. '","booking":' .. value .. '}'
            local id = redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[7], '*', ARGV[8], ARGV[9], ARGV[10], data)
            return {'ok', id, value}
            """;

    static final LuaScript CREATE = new LuaScript("local REPLACING = false\n" + CONFLICT_CHECK
            + "local createdAt = ARGV[5]\n" + WRITE_AND_FEED);

    static final LuaScript UPDATE = new LuaScript("local REPLACING = true\n"
            + "local current = redis.call('HGET', KEYS[1], string.format('%02d:00', tonumber(ARGV[2])))\n"
            + "if not current then return {'missing'} end\n"
            + CONFLICT_CHECK
            + "local ok, was = pcall(cjson.decode, current)\n"
            + "local createdAt = ok and type(was) == 'table' and type(was.createdAt) == 'string' and was.createdAt or ARGV[5]\n"
            + WRITE_AND_FEED);

    /** Args: 1 date, 2 field (HH:00), 3 feed max length, 4 type field, 5 type, 6 data field. */
    static final LuaScript DELETE = new LuaScript("""
            if redis.call('HDEL', KEYS[1], ARGV[2]) == 0 then return {'missing'} end
            if redis.call('HLEN', KEYS[1]) == 0 then redis.call('ZREM', KEYS[2], ARGV[1]) end
            local data = '{"date":"' .. ARGV[1] .. '","time":"' .. ARGV[2] .. '"}'
            local id = redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[3], '*', ARGV[4], ARGV[5], ARGV[6], data)
            return {'ok', id}
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
