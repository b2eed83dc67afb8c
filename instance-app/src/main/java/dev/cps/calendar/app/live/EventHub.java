package dev.cps.calendar.app.live;

import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.app.config.ActiveConfig;
import dev.cps.calendar.app.store.BookingStore;
import dev.cps.calendar.app.store.Change;
import dev.cps.calendar.app.store.ChangeListener;
import dev.cps.calendar.app.store.StoreUnavailableException;
import dev.cps.calendar.app.store.StreamId;
import dev.cps.calendar.api.ContractJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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

    private final BookingStore store;
    private final List<EventStream> streams = new ArrayList<>();
    private final ScheduledExecutorService heartbeat;
    private boolean stopped;

    public EventHub(BookingStore store, Duration heartbeatEvery) {
        this.store = store;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sse-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(this::beat, heartbeatEvery.toMillis(), heartbeatEvery.toMillis(), TimeUnit.MILLISECONDS);
        store.subscribe(this);
    }

    /** Starts a browser's stream; {@code lastEventId} is the id it saw last, if it is resuming. */
    public synchronized void connect(EventStream stream, Optional<String> lastEventId) {
        if (stopped) {
            stream.close();
            return;
        }
        if (!stream.send("retry: " + RETRY_MILLIS + "\n\n")) {
            return;
        }
        if (!store.isAvailable()) {
            stream.send(control(UNAVAILABLE, unavailableData("the calendar's storage is unreachable; retrying")));
        } else if (lastEventId.isPresent()) {
            resume(stream, lastEventId.get());
        }
        if (!stream.isClosed()) {
            streams.add(stream);
        }
    }

    public synchronized int connected() {
        return streams.size();
    }

    /** Ends every stream: the server is stopping. Without this a stale stream outlives the server. */
    public synchronized void closeAll() {
        stopped = true;
        streams.forEach(EventStream::close);
        streams.clear();
    }

    @Override
    public synchronized void onChange(Change change) {
        String frame = "id: " + change.id() + "\nevent: " + change.type() + "\ndata: " + browserData(change) + "\n\n";
        for (Iterator<EventStream> it = streams.iterator(); it.hasNext(); ) {
            EventStream stream = it.next();
            if (stream.lastSent != null && !change.id().isAfter(stream.lastSent)) {
                continue; // replayed to it already when it connected
            }
            if (stream.send(frame)) {
                stream.lastSent = change.id();
            } else {
                it.remove();
            }
        }
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
        heartbeat.shutdownNow();
        closeAll();
    }

    private void resume(EventStream stream, String lastEventId) {
        Optional<StreamId> from = StreamId.parse(lastEventId);
        Optional<List<Change>> missed;
        try {
            missed = from.flatMap(store::changesAfter);
        } catch (StoreUnavailableException e) {
            stream.send(control(UNAVAILABLE, unavailableData("the calendar's storage is unreachable; retrying")));
            return;
        }
        if (missed.isEmpty()) {
            stream.send(control(RESYNC, "{}"));
            return;
        }
        stream.lastSent = from.get();
        for (Change change : missed.get()) {
            if (!stream.send("id: " + change.id() + "\nevent: " + change.type() + "\ndata: " + browserData(change) + "\n\n")) {
                return;
            }
            stream.lastSent = change.id();
        }
    }

    private synchronized void broadcast(String frame) {
        streams.removeIf(stream -> !stream.send(frame));
    }

    private synchronized void beat() {
        try {
            broadcast(": heartbeat\n\n");
        } catch (RuntimeException e) {
            LOG.warn("heartbeat failed", e);
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
