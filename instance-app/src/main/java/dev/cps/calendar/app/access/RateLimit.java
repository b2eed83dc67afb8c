package dev.cps.calendar.app.access;

import io.github.bucket4j.Bucket;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Bucket4j allowance per client address plus one for the whole pod: {@code perClient} (and
 * {@code perPod}) tokens, all back after {@code period}. Addresses are kept for the
 * {@value #CLIENTS_KEPT} most recent clients, so a flood of addresses cannot fill the memory.
 */
final class RateLimit {

    static final int CLIENTS_KEPT = 10_000;

    private final long perClient;
    private final Duration period;
    private final Bucket pod;
    private final Map<String, Bucket> clients = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > CLIENTS_KEPT;
        }
    });

    RateLimit(long perClient, long perPod, Duration period) {
        this.perClient = perClient;
        this.period = period;
        this.pod = bucket(perPod, period);
    }

    /** How long the client must wait before it may try at all; empty: it may. Takes nothing. */
    Optional<Duration> waitBefore(String client) {
        long nanos = Math.max(wait(clientBucket(client)), wait(pod));
        return nanos == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
    }

    /** Spends one token of the client and of the pod (e.g. for a wrong passcode). */
    void spend(String client) {
        clientBucket(client).tryConsume(1);
        pod.tryConsume(1);
    }

    /** Gives back what {@link #take} spent: the attempt turned out fine (a right passcode costs nothing). */
    void refund(String client) {
        clientBucket(client).addTokens(1);
        pod.addTokens(1);
    }

    /** Spends one token if there is one for the client and the pod; else how long to wait. */
    Optional<Duration> take(String client) {
        Optional<Duration> wait = waitBefore(client);
        if (wait.isEmpty()) {
            spend(client);
        }
        return wait;
    }

    private Bucket clientBucket(String client) {
        return clients.computeIfAbsent(client, c -> bucket(perClient, period));
    }

    private static long wait(Bucket bucket) {
        var probe = bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
    }

    private static Bucket bucket(long tokens, Duration period) {
        return Bucket.builder().addLimit(limit -> limit.capacity(tokens).refillIntervally(tokens, period)).build();
    }
}
