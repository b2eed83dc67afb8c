package dev.cps.calendar.local;

import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.Phase;
import dev.cps.calendar.operator.redis.InstanceRedisUsers;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * A folder of CalendarInstance YAML and the local stack that follows it, as a platform engineer uses
 * them: write, edit and remove files, then look at what the stand-in API server, Redis and the
 * router say. Every calendar lives in namespace {@code default} and its slug is its file name.
 */
final class EndToEnd {

    static final String NAMESPACE = InstanceFolder.DEFAULT_NAMESPACE;

    final Path folder;
    final LocalStack stack;

    EndToEnd(Path folder, LocalStack stack) {
        this.folder = folder;
        this.stack = stack;
    }

    /** Writes {@code <slug>.yaml} the way editors and git do: a hidden file first, then one rename. */
    void write(String slug, String yaml) {
        Path file = folder.resolve(slug + ".yaml");
        try {
            Path draft = Files.writeString(folder.resolve("." + slug + ".yaml.tmp"), yaml);
            Files.move(draft, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void remove(String slug) {
        try {
            Files.delete(folder.resolve(slug + ".yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    CalendarInstance instance(String slug) {
        return stack.client().resources(CalendarInstance.class).inNamespace(NAMESPACE).withName(slug).get();
    }

    Deployment deployment(String slug) {
        return stack.client().apps().deployments().inNamespace(NAMESPACE).withName(slug).get();
    }

    /** Waits until the operator reports the calendar Ready and in {@code phase}, for its latest spec. */
    CalendarInstance awaitPhase(String slug, Phase phase) {
        eventually().until(() -> {
            CalendarInstance instance = instance(slug);
            return instance != null && instance.getStatus() != null && phase == instance.getStatus().getPhase()
                    && instance.getMetadata().getGeneration().equals(instance.getStatus().getObservedGeneration());
        });
        return instance(slug);
    }

    static String readyStatus(CalendarInstance instance) {
        return instance.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready"))
                .map(c -> c.getStatus()).findFirst().orElse("missing");
    }

    /**
     * The HTTP status the router answers for the calendar's page. Chromium and curl resolve
     * {@code *.localhost} to loopback by themselves; Java asks the system resolver, which may not, so
     * this connects to loopback and names the host in the request, as a browser would.
     */
    int pageStatus(String slug) {
        URI url = URI.create(stack.urlOf(slug));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), url.getPort()), 2_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + url.getAuthority() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]); // HTTP/1.1 200 OK
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every Redis key of the calendar, read as the admin. */
    Set<String> redisKeys(String slug) {
        try (Jedis admin = new Jedis(URI.create(stack.redisAdminUrl()))) {
            return new TreeSet<>(admin.keys(InstanceKeys.of(slug).allKeysGlob()));
        }
    }

    /** Whether the calendar's own Redis user (the one its app logs in with) exists. */
    boolean redisUserExists(String slug) {
        try (Jedis admin = new Jedis(URI.create(stack.redisAdminUrl()))) {
            return admin.aclUsers().contains(InstanceRedisUsers.username(slug));
        }
    }

    /** For end states that take the operator a moment: a calendar starts in a few seconds here. */
    /** Whether something on this machine accepts connections on {@code port}. */
    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100));
    }

    /** {@code local-stack/target/e2e/<name>.png}. */
    static Path screenshot(String name) {
        try {
            Path dir = Files.createDirectories(targetDirectory().resolve("e2e"));
            return dir.resolve(name + ".png");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path targetDirectory() {
        try {
            // target/test-classes → target
            return Paths.get(EndToEnd.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (Exception e) {
            return Paths.get("target").toAbsolutePath();
        }
    }
}
