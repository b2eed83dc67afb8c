package dev.cps.calendar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} process for tests: a free port on loopback, no persistence
 * unless asked, its own working directory under {@code target/redis/}. Stop it with {@link #close()};
 * {@link #kill()} and {@link #restart()} simulate an outage on the same port. A JVM that is killed
 * cannot stop its servers: {@link #stopLeftovers()} finds them by the pid files in their directories.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {
 *     String url = redis.url();   // redis://127.0.0.1:PORT, the default user is the admin
 * }
 * }</pre>
 */
public final class RedisServer implements AutoCloseable {

    /** Where every server's directory is, relative to the working directory (a module's, in a build). */
    private static final Path BASE = Path.of("target", "redis");
    private static final String OWNER_PID = "owner.pid";
    private static final String REDIS_PID = "redis.pid";

    private final int port;
    private final Path workDir;
    private final boolean appendOnly;
    private final String adminPassword;
    private final boolean aclFile;
    /** Further options, for a {@link RedisCluster} node. */
    private final List<String> options;
    private Process process;

    private RedisServer(int port, Path workDir, boolean appendOnly, String adminPassword, boolean aclFile, List<String> options) {
        this.port = port;
        this.workDir = workDir;
        this.appendOnly = appendOnly;
        this.adminPassword = adminPassword;
        this.aclFile = aclFile;
        this.options = List.copyOf(options);
    }

    /** No persistence: the store forgets everything when the process stops. */
    public static RedisServer start() {
        return start(false, null, false);
    }

    /** With {@code appendonly yes, appendfsync always}: what was acknowledged survives a kill. */
    public static RedisServer startWithAppendOnly() {
        return start(true, null, false);
    }

    /** With an ACL file in its directory, as the Helm chart's bundled Redis: saved users survive a restart. */
    public static RedisServer startWithAclFile() {
        return start(false, null, true);
    }

    /**
     * The default user needs {@code adminPassword}, as in a cluster: only the admin and the ACL users
     * the operator creates get in. {@link #url()} carries the admin credentials.
     */
    public static RedisServer startWithAdminPassword(String adminPassword) {
        return start(false, adminPassword, false);
    }

    private static RedisServer start(boolean appendOnly, String adminPassword, boolean aclFile) {
        return start(appendOnly, adminPassword, aclFile, "redis-", List.of());
    }

    /**
     * A node of a {@link RedisCluster}: a server with {@code options} (cluster mode, its users) in a
     * directory of its own named {@code prefix...}, so {@link #stopLeftovers()} finds it as any other.
     */
    static RedisServer startNode(String prefix, List<String> options) {
        return start(false, null, false, prefix, options);
    }

    private static RedisServer start(boolean appendOnly, String adminPassword, boolean aclFile, String prefix, List<String> options) {
        try {
            Path dir = Files.createDirectories(BASE);
            Path workDir = Files.createTempDirectory(dir, prefix).toAbsolutePath();
            Files.writeString(workDir.resolve(OWNER_PID), String.valueOf(ProcessHandle.current().pid()));
            if (aclFile) {
                Files.createFile(workDir.resolve("users.acl"));
            }
            RedisServer server = new RedisServer(freePort(), workDir, appendOnly, adminPassword, aclFile, options);
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the redis-servers of JVMs that are gone (killed, so they could not stop them) and removes
     * their directories; servers of running JVMs are left alone.
     *
     * @return the pids of the servers stopped
     */
    public static List<Long> stopLeftovers() {
        List<Long> stopped = new ArrayList<>();
        if (!Files.isDirectory(BASE)) {
            return stopped;
        }
        try (var dirs = Files.list(BASE)) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve(OWNER_PID))).toList()) {
                if (pidIn(dir.resolve(OWNER_PID)).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                pidIn(dir.resolve(REDIS_PID)).flatMap(ProcessHandle::of)
                        .filter(p -> p.info().command().map(c -> c.contains("redis")).orElse(false))
                        .ifPresent(server -> {
                            server.destroyForcibly();
                            server.onExit().join();
                            stopped.add(server.pid());
                        });
                deleteTree(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("looking for redis-servers left in " + BASE, e);
        }
        return stopped;
    }

    private static java.util.Optional<Long> pidIn(Path file) {
        try {
            return java.util.Optional.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    public static boolean isAvailable() {
        try {
            Process p = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** {@code redis://[default:PASSWORD@]127.0.0.1:PORT}: the default user, which has every right (the admin). */
    public String url() {
        String credentials = adminPassword == null ? "" : "default:" + adminPassword + "@";
        return "redis://" + credentials + host() + ":" + port;
    }

    /** {@code redis://127.0.0.1:PORT} without credentials: what apps are given with their own user. */
    public String address() {
        return "redis://" + host() + ":" + port;
    }

    /** Kills the process hard (SIGKILL), as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit();
            process = null;
        }
    }

    /** Starts the process again on the same port and directory (so append-only data comes back). */
    public synchronized void restart() {
        kill();
        launch();
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroy();
            waitForExit();
            process = null;
        }
    }

    private synchronized void launch() {
        List<String> command = new ArrayList<>(List.of("redis-server",
                "--port", String.valueOf(port),
                "--bind", "127.0.0.1",
                "--dir", workDir.toString(),
                "--save", "",
                "--protected-mode", "no",
                "--loglevel", "warning",
                "--pidfile", workDir.resolve(REDIS_PID).toString()));
        if (adminPassword != null) {
            command.addAll(List.of("--requirepass", adminPassword));
        }
        if (aclFile) {
            command.addAll(List.of("--aclfile", workDir.resolve("users.acl").toString()));
        }
        command.addAll(options);
        if (appendOnly) {
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
        } else {
            command.addAll(List.of("--appendonly", "no"));
        }
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server (is it installed? apt-get install redis-server)", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        awaitListening();
    }

    private void awaitListening() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited at start; see " + workDir.resolve("redis.log"));
            }
            try (Socket ignored = new Socket(host(), port)) {
                return;
            } catch (IOException notYet) {
                sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not listen on port " + port + " within 10 s");
    }

    private void waitForExit() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    Path workDir() {
        return workDir;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
