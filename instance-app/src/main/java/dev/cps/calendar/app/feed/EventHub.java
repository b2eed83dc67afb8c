package dev.cps.calendar.app.feed;

import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.app.config.ActiveConfig;
import dev.cps.calendar.app.store.BookingStore;
import dev.cps.calendar.app.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Every browser's event stream, fed by the store's change feed. Each change goes out as
 * {@code id: <feed id>}, {@code event: <type>}, {@code data: <json>}; a browser that comes back
 * with {@code Last-Event-ID} first gets what it missed, or {@code event: resync} when that cannot
 * be given. {@code event: unavailable} says the storage is gone, {@code event: resync} that it is
 * back. A comment every {@code heartbeat} keeps proxies from closing an idle stream and finds
 * browsers that went away.
 */
public final class EventHub implements ChangeListener, AutoCloseable {

    public static final String RESYNC = "resync";
    public static final String UNAVAILABLE = "unavailable";
    /** How long a browser waits before it reconnects, sent first on every stream. */
    public static final int RETRY_MILLIS = 3000;

    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

    /** A browser further behind than this many changes gets {@code resync} instead of a replay. */
    public static final int MAX_REPLAY = 500;

    private final BookingStore store;
    // copy-on-write: sending is queueing (never blocks), so a broadcast needs no lock that a connect could wait on
    private final List<EventStream> streams = new CopyOnWriteArrayList<>();
    private final ScheduledFuture<?> heartbeat;
    private volatile boolean stopped;

    /** @param timers where the heartbeat runs (the app's timer thread) */
    public EventHub(BookingStore store, Duration heartbeatEvery, ScheduledExecutorService timers) {
        this.store = store;
        this.heartbeat = timers.scheduleAtFixedRate(this::beat, heartbeatEvery.toMillis(), heartbeatEvery.toMillis(),
                TimeUnit.MILLISECONDS);
        store.subscribe(this);
    }

    /**
     * Starts a browser's stream; {@code lastEventId} is the id it saw last, if it is resuming.
     * The replay is read on the caller's thread, outside any shared lock; live changes that
     * arrive meanwhile are held back in the stream and sent after it, in order.
     */
    public void connect(EventStream stream, Optional<String> lastEventId) {
        if (stopped) {
            stream.close();
            return;
        }
        if (!stream.send("retry: " + RETRY_MILLIS + "\n\n")) {
            return;
        }
        if (!store.isAvailable()) {
            stream.send(control(UNAVAILABLE, unavailableData("the calendar's storage is unreachable; retrying")));
            streams.add(stream);
            return;
        }
        Optional<StreamId> from = lastEventId.flatMap(StreamId::parse);
        if (lastEventId.isPresent()) {
            stream.replaying();
        }
        streams.add(stream);
        if (stopped) {
            stream.close();
        }
        if (lastEventId.isPresent()) {
            resume(stream, from);
        }
        if (stream.isClosed()) {
            streams.remove(stream);
        }
    }

    public int connected() {
        return streams.size();
    }

    /** Ends every stream: the server is stopping. Without this a stale stream outlives the server. */
    public void closeAll() {
        stopped = true;
        streams.forEach(EventStream::close);
        streams.clear();
    }

    @Override
    public void onChange(Change change) {
        if (ChangeFeed.CONFIG_CHANGED.equals(change.type()) && !servable(change)) {
            return; // the app keeps its last good config (RedisConfigSource); so do the browsers
        }
        String frame = frame(change);
        streams.removeIf(stream -> !stream.change(change.id(), frame));
    }

    @Override
    public void onUnavailable(String message) {
        broadcast(control(UNAVAILABLE, unavailableData(message)));
    }

    @Override
    public void onResync() {
        broadcast(control(RESYNC, "{}"));
    }

    @Override
    public void close() {
        heartbeat.cancel(false);
        closeAll();
    }

    private void resume(EventStream stream, Optional<StreamId> from) {
        Optional<List<Change>> missed;
        try {
            missed = from.flatMap(id -> store.changesAfter(id, MAX_REPLAY));
        } catch (StoreUnavailableException e) {
            stream.replayed(StreamId.ZERO, List.of());
            stream.send(control(UNAVAILABLE, unavailableData("the calendar's storage is unreachable; retrying")));
            return;
        }
        if (missed.isEmpty()) {
            // too far behind, or an id the feed does not know: the browser reloads, then follows
            stream.send(control(RESYNC, "{}"));
            stream.replayed(StreamId.ZERO, List.of());
            return;
        }
        stream.replayed(from.get(), missed.get().stream()
                .map(change -> new EventStream.Change(change.id(), frame(change))).toList());
    }

    private void broadcast(String frame) {
        streams.removeIf(stream -> !stream.send(frame));
    }

    private void beat() {
        try {
            broadcast(": heartbeat\n\n");
        } catch (RuntimeException e) {
            LOG.warn("heartbeat failed", e);
        }
    }

    private static String frame(Change change) {
        return "id: " + change.id() + "\nevent: " + change.type() + "\ndata: " + browserData(change) + "\n\n";
    }

    private static boolean servable(Change change) {
        try {
            ActiveConfig.parse(change.data());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A config change goes out as the app serves the config: defaults filled in, colors resolved. */
    private static String browserData(Change change) {
        if (ChangeFeed.CONFIG_CHANGED.equals(change.type())) {
            try {
                return ActiveConfig.parse(change.data()).json();
            } catch (RuntimeException e) {
                return change.data().replace("\n", " ").replace("\r", " ");
            }
        }
        return change.data().replace("\n", " ").replace("\r", " ");
    }

    private static String control(String event, String data) {
        return "event: " + event + "\ndata: " + data + "\n\n";
    }

    private static String unavailableData(String message) {
        return ContractJson.write(Map.of("message", message));
    }
}
