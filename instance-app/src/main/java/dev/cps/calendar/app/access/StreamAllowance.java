package dev.cps.calendar.app.access;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Open event streams, per client address and for the pod: a stream is a held connection, not a rate. */
final class StreamAllowance {

    private final int perClient;
    private final int perPod;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, AtomicInteger> byClient = new ConcurrentHashMap<>();

    StreamAllowance(int perClient, int perPod) {
        this.perClient = perClient;
        this.perPod = perPod;
    }

    /** Counts a new stream of {@code client} if both allowances have room. */
    synchronized boolean open(String client) {
        AtomicInteger mine = byClient.computeIfAbsent(client, c -> new AtomicInteger());
        if (open.get() >= perPod || mine.get() >= perClient) {
            if (mine.get() == 0) {
                byClient.remove(client);
            }
            return false;
        }
        open.incrementAndGet();
        mine.incrementAndGet();
        return true;
    }

    synchronized void close(String client) {
        AtomicInteger mine = byClient.get(client);
        if (mine != null && mine.decrementAndGet() <= 0) {
            byClient.remove(client);
        }
        open.decrementAndGet();
    }
}
