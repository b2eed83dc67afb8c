package dev.cps.calendar.app.feed;

import dev.cps.calendar.app.store.InMemoryBookingStore;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventHubTest {

    @Test
    void aHeartbeatCommentGoesOutAndFindsBrowsersThatLeft() {
        try (InstanceStoreAndHub fixture = new InstanceStoreAndHub(Duration.ofMillis(100))) {
            ByteArrayOutputStream open = new ByteArrayOutputStream();
            fixture.hub.connect(new EventStream(open, () -> { }), Optional.empty());
            EventStream left = new EventStream(new OutputStream() {
                boolean first = true;

                @Override
                public void write(int b) throws IOException {
                    throw new IOException("browser closed");
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (first) {
                        first = false; // the retry hint still gets through
                        return;
                    }
                    throw new IOException("browser closed");
                }
            }, () -> { });
            fixture.hub.connect(left, Optional.empty());
            assertThat(fixture.hub.connected()).isEqualTo(2);

            await().atMost(Duration.ofSeconds(2)).until(() -> open.toString(StandardCharsets.UTF_8).contains(": heartbeat\n\n"));
            await().atMost(Duration.ofSeconds(2)).until(() -> fixture.hub.connected() == 1);
            assertThat(left.isClosed()).isTrue();
            assertThat(left.finished()).isDone();
            assertThat(open.toString(StandardCharsets.UTF_8)).startsWith("retry: 3000\n\n");
        }
    }

    @Test
    void aBrowserThatStopsReadingIsDroppedWithoutHoldingUpTheOthers() {
        try (InstanceStoreAndHub fixture = new InstanceStoreAndHub(Duration.ofMinutes(1))) {
            ByteArrayOutputStream open = new ByteArrayOutputStream();
            EventStream reading = new EventStream(open, () -> { });
            EventStream stalled = new EventStream(new EventStream.Output() {
                @Override
                public boolean ready() {
                    return false; // its socket buffer is full and stays full
                }

                @Override
                public void write(byte[] bytes) {
                    throw new AssertionError("written while not ready");
                }

                @Override
                public void flush() {
                    throw new AssertionError("flushed while not ready");
                }

                @Override
                public void whenReady(Runnable drain, Runnable gone) {
                }
            });
            fixture.hub.connect(reading, Optional.empty());
            fixture.hub.connect(stalled, Optional.empty());

            String frame = "data: " + "x".repeat(1000) + "\n\n";
            for (int i = 0; i < 300; i++) {
                fixture.hub.onUnavailable("x".repeat(1000));
            }

            assertThat(stalled.isClosed()).isTrue();
            assertThat(reading.isClosed()).isFalse();
            assertThat(fixture.hub.connected()).isEqualTo(1);
            assertThat(open.size()).isGreaterThan(300 * frame.length());
        }
    }

    private static final class InstanceStoreAndHub implements AutoCloseable {
        final InMemoryBookingStore store = new InMemoryBookingStore();
        final java.util.concurrent.ScheduledExecutorService timers = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        final EventHub hub;

        InstanceStoreAndHub(Duration heartbeat) {
            hub = new EventHub(store, heartbeat, timers);
        }

        @Override
        public void close() {
            hub.close();
            store.close();
            timers.shutdownNow();
        }
    }
}
