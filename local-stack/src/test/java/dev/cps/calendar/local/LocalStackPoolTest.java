package dev.cps.calendar.local;

import dev.cps.calendar.api.AppEnvironment;
import dev.cps.calendar.api.AppRedisCommands;
import dev.cps.calendar.api.InstanceAccess;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.api.PoolKeys;
import dev.cps.calendar.app.access.AccessFixtures;
import dev.cps.calendar.app.page.CalendarPage;
import dev.cps.calendar.operator.dependentresource.ManagedLabels;
import dev.cps.calendar.testing.Chromium;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.cps.calendar.local.EndToEnd.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pool of Shared calendars in the local stack, made by hand as the operator will make it: a
 * Deployment {@code calendar-pool-shared} whose pod template has {@code POOL_ID} and the pool's own
 * fenced Redis user, a Service of the same name, and an Ingress per member calendar pointing at it;
 * the members hash and the calendars' configs in Redis. The kubelet stand-in runs the pool process,
 * and the router leads both calendars' hosts to its one port.
 */
class LocalStackPoolTest {

    static final String NAMESPACE = EndToEnd.NAMESPACE;
    static final PoolKeys POOL = PoolKeys.of(NAMESPACE, "shared");
    static final String SERVICE = "calendar-pool-shared";

    @TempDir
    static Path folder;
    private static LocalStack stack;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
        stack = LocalStack.start(folder, 0);
        chromium = Chromium.launch();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void twoCalendarsOfOnePoolAreServedByOneProcessAtTheirOwnHosts() {
        String poolUrl = seedRedis(Map.of("alpha", "alpha.example.test", "bravo", "bravo.example.test"));
        KubernetesClient client = stack.client();
        client.resource(poolDeployment(poolUrl)).create();
        client.resource(new ServiceBuilder().withNewMetadata().withName(SERVICE).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withSelector(Map.of(ManagedLabels.NAME, SERVICE)).addNewPort().withPort(80)
                .withTargetPort(new IntOrString(8080)).endPort().endSpec().build()).create();
        for (String slug : List.of("alpha", "bravo")) {
            client.resource(new IngressBuilder().withNewMetadata().withName(slug).withNamespace(NAMESPACE)
                    .withLabels(Map.of(ManagedLabels.INSTANCE, slug)).endMetadata()
                    .withNewSpec().addNewRule().withHost(slug + ".example.test").withNewHttp().addNewPath().withPath("/")
                    .withPathType("Prefix").withNewBackend().withNewService().withName(SERVICE).withNewPort().withNumber(80)
                    .endPort().endService().endBackend().endPath().endHttp().endRule().endSpec().build()).create();
        }

        eventually().until(() -> stack.appPorts(NAMESPACE, SERVICE).size() == 1);
        int poolPort = stack.appPorts(NAMESPACE, SERVICE).get(0);
        String probe = send(poolPort, "GET", "/api/health", "10.0.0.7:8080", null, null);
        assertThat(probe).as("the kubelet's probe: the pool's own health").startsWith("HTTP/1.1 200").contains("\"pool\":\"default.shared\"");
        eventually().until(() -> readyReplicas(client) == 1);

        int router = stack.port();
        eventually().until(() -> send(router, "GET", "/api/bookings", "alpha.localhost:" + router, null, null).startsWith("HTTP/1.1 200"));
        String booked = send(router, "POST", "/api/bookings", "alpha.localhost:" + router, "http://alpha.localhost:" + router,
                "{\"date\":\"2030-01-21\",\"time\":\"10:00\",\"user\":\"Jack\",\"duration\":1}");
        assertThat(booked).as("a write from the calendar's page at its alias passes the same-origin check").startsWith("HTTP/1.1 201");
        assertThat(send(router, "GET", "/api/bookings", "alpha.example.test:" + router, null, null)).contains("\"10:00\"");
        assertThat(send(router, "GET", "/api/bookings", "bravo.localhost:" + router, null, null))
                .startsWith("HTTP/1.1 200").doesNotContain("\"10:00\"");
        assertThat(stack.appPorts(NAMESPACE, SERVICE)).as("both through the pool's one port").containsExactly(poolPort);

        try (CalendarPage bravo = CalendarPage.openInOwnBrowser(chromium.browser(), stack.urlOf("bravo"))) {
            assertThat(bravo.title()).containsText("Team bravo");
            String date = bravo.selectedDate();
            bravo.moveTo("09:00");
            bravo.press("b");
            assertThat(bravo.booking("Bonnie", date, "09:00")).isVisible();
        }
        eventually().until(() -> send(router, "GET", "/api/bookings", "bravo.localhost:" + router, null, null).contains("\"09:00\""));

        assertThat(stack.placementOf("alpha")).isEqualTo("Shared (" + SERVICE + ")");
        assertThat(stack.table()).contains("PLACEMENT");
    }

    /** The members' configs, the members hash, and the pool's user fenced to them, as the operator writes them; answers its URL. */
    private static String seedRedis(Map<String, String> hostBySlug) {
        URI admin = URI.create(stack.redisAdminUrl());
        List<String> rules = new ArrayList<>(List.of("reset", "on", ">pool-secret", POOL.aclKeyPattern()));
        rules.addAll(AppRedisCommands.RULES);
        try (RedisClient redis = RedisClient.create(admin); Jedis jedis = new Jedis(admin)) {
            hostBySlug.forEach((slug, host) -> {
                AccessFixtures.provision(redis, slug, InstanceAccess.PUBLIC);
                redis.hset(POOL.members(), host, slug);
                rules.add(InstanceKeys.of(slug).aclKeyPattern());
                rules.add(InstanceKeys.of(slug).aclChannelPattern());
            });
            jedis.aclSetUser(POOL.username(), rules.toArray(String[]::new));
        }
        return "redis://" + POOL.username() + ":pool-secret@" + admin.getHost() + ":" + admin.getPort();
    }

    private static Deployment poolDeployment(String redisUrl) {
        return new DeploymentBuilder().withNewMetadata().withName(SERVICE).withNamespace(NAMESPACE)
                .withLabels(Map.of(ManagedLabels.MANAGED_BY, ManagedLabels.OPERATOR)).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of(ManagedLabels.NAME, SERVICE)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of(ManagedLabels.NAME, SERVICE)).endMetadata()
                .withNewSpec().addNewContainer().withName("pool").withImage("calendar-instance-app")
                .addNewEnv().withName(AppEnvironment.POOL_ID).withValue(POOL.id()).endEnv()
                .addNewEnv().withName(AppEnvironment.REDIS_URL).withValue(redisUrl).endEnv()
                .withNewReadinessProbe().withNewHttpGet().withPath("/api/health").withPort(new IntOrString(8080)).endHttpGet()
                .endReadinessProbe().endContainer().endSpec().endTemplate().endSpec().build();
    }

    private static int readyReplicas(KubernetesClient client) {
        Deployment deployment = client.apps().deployments().inNamespace(NAMESPACE).withName(SERVICE).get();
        return deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null ? 0
                : deployment.getStatus().getReadyReplicas();
    }

    /** One request to loopback naming {@code host} (Java's resolver may not know {@code *.localhost}); answers the raw response. */
    private static String send(int port, String method, String path, String host, String origin, String body) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            socket.setSoTimeout(5_000);
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
            if (origin != null) {
                request.append("Origin: ").append(origin).append("\r\n");
            }
            if (body != null) {
                request.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(content);
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
