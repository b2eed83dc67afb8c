package dev.cps.calendar.local;

import dev.cps.calendar.operator.CalendarOperator;
import dev.cps.calendar.operator.settings.OperatorSettings;
import dev.cps.calendar.testing.RedisServer;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Clock;
import java.util.Map;

/** The real operator, with the settings a Helm install would give it, pointed at the local parts. */
final class LocalOperator {

    /** Calendars are served at {@code <slug>.localhost}: Chromium and curl resolve it to loopback. */
    static final String BASE_DOMAIN = "localhost";
    /** The Gateway HTTPRoute calendars attach to here: the stack's Host router plays it. */
    static final String LOCAL_GATEWAY = "local";

    private LocalOperator() {
    }

    /** @param routerPort where the Host router listens: status.url carries it, so the URL it shows works */
    static CalendarOperator start(KubernetesClient client, RedisServer redis, int routerPort) {
        OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of(
                "REDIS_URL", redis.url(),
                "INSTANCE_REDIS_URL", redis.address(),
                "BASE_DOMAIN", BASE_DOMAIN,
                "PUBLIC_PORT", String.valueOf(routerPort),
                "INSTANCE_IMAGE", "local/instance-app (run in-process by the local stack)",
                "LEADER_ELECTION", "false",
                // a laptop's handful of calendars: JOSDK's pools keep every thread they start (50 + 50 by default)
                "RECONCILE_THREADS", "4",
                // one pool process per pool: a laptop needs no second one for availability
                "POOL_REPLICAS", "1",
                // HTTPRoutes on: a calendar with spec.route.kind HTTPRoute attaches to the "local" Gateway, the Host router
                "GATEWAY_NAME", LOCAL_GATEWAY,
                // probes and /metrics on a free port, as Prometheus would scrape them in a cluster
                "HEALTH_PORT", "0"));
        return CalendarOperator.start(settings, client, Clock.systemUTC(), true);
    }
}
