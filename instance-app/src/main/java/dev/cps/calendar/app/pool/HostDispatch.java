package dev.cps.calendar.app.pool;

import dev.cps.calendar.app.http.ApiError;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands each request to the calendar its {@code Host} names: a member's request goes to that
 * calendar's own routes ({@link dev.cps.calendar.app.CalendarApp#servlet()}), within the calendar's
 * caps; any other host goes on to the pool's own routes (its health, and a 404 for the rest).
 * A request in progress, or an open event stream, keeps its calendar loaded until it ends.
 */
final class HostDispatch implements Filter {

    static final String EVENTS_PATH = "/api/events";
    static final int BUSY_RETRY_SECONDS = 1;

    private final PoolMembers members;
    private final PoolCalendars calendars;
    private final PoolSettings settings;

    HostDispatch(PoolMembers members, PoolCalendars calendars, PoolSettings settings) {
        this.members = members;
        this.calendars = calendars;
        this.settings = settings;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse res = (HttpServletResponse) response;
        Optional<String> slug = members.slugAt(req.getHeader("Host"));
        if (slug.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        boolean stream = EVENTS_PATH.equals(req.getRequestURI()) && "GET".equals(req.getMethod());
        PoolCalendars.Entered entered = calendars.enter(slug.get(), stream, stream ? settings.streamsPerCalendar()
                : settings.requestsPerCalendar());
        if (!entered.entered()) {
            res.setHeader("Retry-After", String.valueOf(BUSY_RETRY_SECONDS));
            PoolAnswers.error(res, new ApiError(503, "busy", stream
                    ? "this calendar has as many live streams open as it may; try again shortly"
                    : "this calendar is answering as many requests as it may at once; try again shortly"));
            return;
        }
        LoadedCalendar calendar = entered.calendar();
        LeaveOnce leave = new LeaveOnce(calendar, stream);
        UseTrackingRequest tracked = new UseTrackingRequest(req, leave);
        try {
            calendar.app().servlet().service(tracked, response);
        } finally {
            if (!tracked.async) {
                leave.run();
            }
        }
    }

    /** Counts the request out of its calendar once, however its end is reported. */
    private record LeaveOnce(LoadedCalendar calendar, boolean stream, AtomicBoolean left) implements Runnable, AsyncListener {

        LeaveOnce(LoadedCalendar calendar, boolean stream) {
            this(calendar, stream, new AtomicBoolean());
        }

        @Override
        public void run() {
            if (left.compareAndSet(false, true)) {
                calendar.leave(stream);
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            run();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            run();
        }

        @Override
        public void onError(AsyncEvent event) {
            run();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }

    /**
     * The request as the calendar sees it; when it turns asynchronous (an event stream), it is counted
     * out when it completes, not when the servlet returns. The listener is added as the async context
     * starts, so an end that comes at once is not missed.
     */
    private static final class UseTrackingRequest extends HttpServletRequestWrapper {

        private final LeaveOnce leave;
        private volatile boolean async;

        UseTrackingRequest(HttpServletRequest request, LeaveOnce leave) {
            super(request);
            this.leave = leave;
        }

        @Override
        public AsyncContext startAsync() {
            return tracked(super.startAsync());
        }

        @Override
        public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
            return tracked(super.startAsync(request, response));
        }

        private AsyncContext tracked(AsyncContext context) {
            if (!async) {
                async = true;
                context.addListener(leave);
            }
            return context;
        }
    }
}
