package dev.cps.calendar.app.http;

import dev.cps.calendar.app.feed.EventHub;
import dev.cps.calendar.app.history.HistoryHandler;
import dev.cps.calendar.app.ical.FeedHandler;
import dev.cps.calendar.app.metrics.AppMetrics;
import dev.cps.calendar.app.store.BookingStore;
import dev.cps.calendar.app.transfer.TransferDocument;
import dev.cps.calendar.app.transfer.TransferHandlers;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * The whole HTTP API in one table (SPEC section 6), and the page ({@link PageFiles}) at {@code /}.
 * {@code /metrics} is not here: it is on the private metrics port ({@code MetricsServer}), so the
 * public port answers 404 for it.
 */
public final class CalendarRoutes {

    private CalendarRoutes() {
    }

    public static void register(RoutesConfig routes, Availability availability, BookingStore store, EventHub hub,
                                HealthHandler health, AppMetrics metrics, Clock clock) {
        ConfigHandler config = new ConfigHandler(availability);
        BookingHandlers bookings = new BookingHandlers(availability, store, metrics, clock);
        EventsHandler events = new EventsHandler(hub);
        FeedHandler feeds = new FeedHandler(availability, store, clock);
        TransferHandlers transfer = new TransferHandlers(availability, store, clock);
        HistoryHandler history = new HistoryHandler(availability, store);

        routes.before(SecurityHeaders::add);
        routes.before(metrics::requestStarted);
        routes.after(metrics::requestFinished);

        getAndHead(routes, "/api/config", config::get);
        getAndHead(routes, "/api/bookings", bookings::list);
        routes.post("/api/bookings", bookings::create);
        getAndHead(routes, "/api/bookings/{date}", bookings::day);
        routes.put("/api/bookings/update", bookings::update);
        routes.delete("/api/bookings/update", bookings::delete);
        routes.put("/api/bookings/move", bookings::move);
        getAndHead(routes, "/api/orphaned-bookings", bookings::orphaned);
        getAndHead(routes, "/api/events", events::stream);
        getAndHead(routes, "/api/health", health::get);
        getAndHead(routes, "/api/feeds", feeds::urls);
        getAndHead(routes, FeedHandler.PATH + "/{file}", feeds::calendar);
        getAndHead(routes, FeedHandler.PATH + "/{token}/{file}", feeds::user);
        getAndHead(routes, TransferDocument.EXPORT_PATH, transfer::export);
        routes.post(TransferDocument.IMPORT_PATH, transfer::importDocument);
        getAndHead(routes, "/api/history", history::list);
        if (PageFiles.present()) {
            PageFiles.register(routes);
        } else {
            LoggerFactory.getLogger(CalendarRoutes.class).warn("no page on the classpath at /public: serving the API only");
        }

        ErrorResponses.register(routes);
    }

    /** HEAD answers with the status and headers GET would give, without the body (Jetty drops it). */
    private static void getAndHead(RoutesConfig routes, String path, Handler handler) {
        routes.get(path, handler);
        routes.head(path, handler);
    }
}
