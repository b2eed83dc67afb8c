package dev.cps.calendar.app.redis;

/**
 * The Lua scripts that change bookings in Redis ({@code src/main/resources/redis/*.lua}; each file says
 * its keys, args and answers). Each checks and writes in one step (Redis runs a script alone), touches
 * only the keys of one instance (one hash slot, thanks to the {@code {slug}} tag), and appends its change
 * to the feed and to the history in the same step, so neither ever misses or invents a write. The JSON
 * they store (booking, feed data, history entry) is encoded by the app ({@code BookingJson},
 * {@code HistoryEntryJson}) and passed in; a script only compares, stores and returns it. A change of an
 * existing booking carries the value the app saw, and is refused as {@code stale} when Redis holds another.
 */
final class BookingScripts {

    private BookingScripts() {
    }

    /** Creates a booking, or (given the value it replaces) updates it. */
    static final LuaScript PUT = LuaScript.load("feed.lua", "put.lua");

    static final LuaScript DELETE = LuaScript.load("feed.lua", "delete.lua");

    /** Moves a booking to another start, as one deletion and one creation on the feed. */
    static final LuaScript MOVE = LuaScript.load("feed.lua", "move.lua");

    /** Imports the bookings of one day at once, or only tells what an import would do (a dry run). */
    static final LuaScript IMPORT_DAY = LuaScript.load("feed.lua", "import-day.lua");

    /** Everything at one instant: the id of the last feed entry, then each booked day and its hash. */
    static final LuaScript SNAPSHOT = LuaScript.load("snapshot.lua");
}
