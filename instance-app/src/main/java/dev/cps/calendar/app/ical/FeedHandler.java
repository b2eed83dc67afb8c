package dev.cps.calendar.app.ical;

import dev.cps.calendar.api.CalendarUser;
import dev.cps.calendar.app.access.AccessGate;
import dev.cps.calendar.app.access.Role;
import dev.cps.calendar.app.config.ActiveConfig;
import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.domain.BookingRules;
import dev.cps.calendar.app.domain.DaySchedule;
import dev.cps.calendar.app.http.ApiError;
import dev.cps.calendar.app.http.Availability;
import dev.cps.calendar.app.store.BookingStore;
import io.javalin.http.Context;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The iCalendar feeds: {@code /feeds/<token>.ics} (every booking) and {@code /feeds/<token>/<user>.ics}
 * (one person's), outside {@code /api/}, so no session is asked for: the token is the credential. A wrong
 * token, an unknown user or a calendar without a token is a plain 404, as if nothing were there.
 * {@code GET /api/feeds} gives an editor the URLs (a viewer may not hand out a lasting read credential).
 */
public final class FeedHandler {

    public static final String PATH = "/feeds";
    private static final String SUFFIX = ".ics";

    private final Availability availability;
    private final BookingStore store;
    private final Clock clock;
    /** The last feed of the calendar (key "") and of each person (their name); at most five. */
    private final Map<String, RenderedFeed> rendered = new ConcurrentHashMap<>();

    public FeedHandler(Availability availability, BookingStore store, Clock clock) {
        this.availability = availability;
        this.store = store;
        this.clock = clock;
    }

    /** GET /feeds/{file}: {@code <token>.ics} */
    public void calendar(Context ctx) {
        ActiveConfig config = availability.require();
        String token = strip(ctx.pathParam("file")).orElseThrow(FeedHandler::notFound);
        requireToken(config, token);
        answer(ctx, config, config.config().displayTitle(), Optional.empty());
    }

    /** GET /feeds/{token}/{file}: {@code <user>.ics} */
    public void user(Context ctx) {
        ActiveConfig config = availability.require();
        requireToken(config, ctx.pathParam("token"));
        String name = strip(ctx.pathParam("file")).orElseThrow(FeedHandler::notFound);
        CalendarUser user = config.config().users().stream().filter(u -> u.name().equals(name)).findFirst()
                .orElseThrow(FeedHandler::notFound);
        answer(ctx, config, user.name() + " - " + config.config().displayTitle(), Optional.of(user.name()));
    }

    /** GET /api/feeds: {@code {"calendar": url, "users": {"Jack": url, ...}}} for an editor; 403 for a viewer, 204 without a token. */
    public void urls(Context ctx) {
        ActiveConfig config = availability.require();
        if (AccessGate.roleAttribute(ctx) != Role.editor) {
            throw new ApiError(403, "editors-only", "only editors may see the calendar's subscription URLs");
        }
        String token = config.config().accessOrPublic().feedToken();
        if (token == null) {
            ctx.status(204); // no feed yet: its operator has not given it a token (an older operator)
            return;
        }
        String base = baseUrl(ctx) + PATH + "/" + token;
        Map<String, String> users = new LinkedHashMap<>();
        for (CalendarUser user : config.config().users()) {
            users.put(user.name(), base + "/" + URLEncoder.encode(user.name(), StandardCharsets.UTF_8).replace("+", "%20") + SUFFIX);
        }
        ctx.header("Cache-Control", "no-store");
        ctx.json(new FeedUrls(base + SUFFIX, users));
    }

    /** The answer of {@code GET /api/feeds}. */
    record FeedUrls(String calendar, Map<String, String> users) {
    }

    private void answer(Context ctx, ActiveConfig config, String name, Optional<String> onlyUser) {
        LocalDate today = clock.instant().atZone(BookingRules.zone(config.config().timezone())).toLocalDate();
        FeedWindow window = FeedWindow.around(today);
        List<DaySchedule> days = List.copyOf(store.between(window.from(), window.to()).values());
        String key = onlyUser.orElse("");
        RenderedFeed last = rendered.get(key);
        if (last == null || !last.isFor(config, window, days)) {
            List<Booking> bookings = new ArrayList<>();
            for (DaySchedule day : days) {
                for (Booking booking : day.bookings()) {
                    if (onlyUser.map(booking.user()::equals).orElse(true)) {
                        bookings.add(booking);
                    }
                }
            }
            // DTSTAMP is when this text was written: when its bookings last changed, or the day turned
            last = new RenderedFeed(config, window, days, IcsFeed.write(config.config(), name, bookings, clock.instant()));
            rendered.put(key, last);
        }
        ctx.header("Cache-Control", "private, max-age=" + IcsFeed.REFRESH.toSeconds() / 3);
        ctx.contentType("text/calendar; charset=utf-8").result(last.text());
    }

    private static void requireToken(ActiveConfig config, String given) {
        if (!FeedToken.matches(given, config.config().accessOrPublic().feedToken())) {
            throw notFound();
        }
    }

    private static Optional<String> strip(String file) {
        return file.endsWith(SUFFIX) && file.length() > SUFFIX.length()
                ? Optional.of(file.substring(0, file.length() - SUFFIX.length())) : Optional.empty();
    }

    /** The scheme and host the browser used, as the route in front of the app passed them on. */
    static String baseUrl(Context ctx) {
        String proto = ctx.header("X-Forwarded-Proto");
        String scheme = proto != null && (proto.equalsIgnoreCase("https") || proto.equalsIgnoreCase("http"))
                ? proto.toLowerCase(java.util.Locale.ROOT) : ctx.scheme();
        String host = ctx.header("Host");
        return scheme + "://" + (host == null || host.isBlank() ? "localhost" : host.trim());
    }

    private static ApiError notFound() {
        return ApiError.notFound("no such feed");
    }
}
