package dev.cps.calendar.app.pool;

import dev.cps.calendar.app.CalendarApp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The pool's loaded calendars, by slug: a calendar is loaded by the first request that needs it
 * (that request waits; others, of this calendar or any other, do not wait on it) and unloaded
 * when it has been idle long enough or left the pool.
 */
final class PoolCalendars implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PoolCalendars.class);

    private final Function<String, CalendarApp> loader;
    private final Map<String, CompletableFuture<LoadedCalendar>> loaded = new ConcurrentHashMap<>();

    PoolCalendars(Function<String, CalendarApp> loader) {
        this.loader = loader;
    }

    /** The calendar {@code slug}, loaded if it is not, and entered for one request or stream if it is under {@code cap}. */
    Entered enter(String slug, boolean stream, int cap) {
        while (true) {
            LoadedCalendar calendar = loadedOrLoad(slug);
            LoadedCalendar.Entry entry = calendar.enter(stream, cap);
            switch (entry) {
                case ENTERED -> {
                    return new Entered(calendar, true);
                }
                case BUSY -> {
                    return new Entered(calendar, false);
                }
                case CLOSED -> loaded.computeIfPresent(slug, (s, f) -> f.isDone() && f.join() == calendar ? null : f);
            }
        }
    }

    /** @param entered false: the calendar is at its cap, and the request was not counted in */
    record Entered(LoadedCalendar calendar, boolean entered) {
    }

    private LoadedCalendar loadedOrLoad(String slug) {
        CompletableFuture<LoadedCalendar> mine = new CompletableFuture<>();
        CompletableFuture<LoadedCalendar> existing = loaded.putIfAbsent(slug, mine);
        if (existing != null) {
            return existing.join();
        }
        try {
            LoadedCalendar calendar = new LoadedCalendar(loader.apply(slug));
            mine.complete(calendar);
            LOG.info("calendar \"{}\" loaded ({} loaded)", slug, loaded.size());
            return calendar;
        } catch (RuntimeException e) {
            loaded.remove(slug, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** Unloads every calendar that has had no request and no open stream for {@code idle}. */
    void unloadIdle(Duration idle) {
        loaded.forEach((slug, future) -> {
            if (future.isDone() && !future.isCompletedExceptionally() && future.join().closeIfIdle(idle.toNanos())) {
                loaded.remove(slug, future);
                LOG.info("calendar \"{}\" unloaded: idle for {} s ({} loaded)", slug, idle.toSeconds(), loaded.size());
            }
        });
    }

    /** Unloads {@code slug} now, ending its streams: it is no longer a member. */
    void unload(String slug) {
        CompletableFuture<LoadedCalendar> future = loaded.remove(slug);
        if (future != null) {
            future.thenAccept(LoadedCalendar::close);
            LOG.info("calendar \"{}\" left the pool: unloaded", slug);
        }
    }

    int size() {
        return loaded.size();
    }

    boolean isLoaded(String slug) {
        return loaded.containsKey(slug);
    }

    @Override
    public void close() {
        loaded.keySet().forEach(slug -> {
            CompletableFuture<LoadedCalendar> future = loaded.remove(slug);
            if (future != null) {
                future.thenAccept(LoadedCalendar::close);
            }
        });
    }
}
