package dev.cps.calendar.local;

import dev.cps.calendar.crdcheck.CalendarInstanceSchema;
import dev.cps.calendar.api.AccessMode;
import dev.cps.calendar.operator.access.AccessSecretData;
import dev.cps.calendar.operator.customresource.AccessSpec;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.dependentresource.AccessSecretDependentResource;
import io.fabric8.kubernetes.api.model.Secret;
import dev.cps.calendar.testing.RedisServer;
import io.fabric8.kubernetes.api.model.Condition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The whole product on one machine, in one process tree:
 * <pre>
 *   YAML folder ──▶ stand-in Kubernetes API ◀──▶ the real operator ──▶ Redis (ACLs on)
 *                          │  Deployments                                 ▲
 *                          ▼                                              │ per-instance ACL user
 *                    DeploymentRunner ── starts ──▶ instance apps ────────┘
 *                          ▲ Ingresses
 *   browser ──▶ HostRouter (http://&lt;slug&gt;.localhost:PORT/)
 * </pre>
 * {@code java -jar local-stack/target/calendar-local.jar [FOLDER] [--port 8000]}
 */
public final class LocalStack implements AutoCloseable {

    public static final int DEFAULT_PORT = 8000;
    private static final java.time.Duration STOP_TIMEOUT = java.time.Duration.ofSeconds(20);
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final ScheduledExecutorService table = Executors.newSingleThreadScheduledExecutor();
    private RedisServer redis;
    private DeploymentRunner runner;
    private dev.cps.calendar.operator.CalendarOperator operator;
    private KubernetesApi api;
    private HostRouter router;
    private InstanceFolder folder;
    private String lastTable = "";

    public static void main(String[] args) throws Exception {
        Path folder = Path.of("examples");
        int port = DEFAULT_PORT;
        String api = "mock";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port")) {
                port = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--api")) {
                api = args[++i];
            } else if (args[i].equals("--verbose")) {
                // per-logger levels are read when each logger is made: the apps' and frameworks' come later
                for (String noisy : List.of("org.eclipse.jetty", "io.javalin", "io.javaoperatorsdk", "io.fabric8",
                        "dev.cps.calendar.app", "dev.cps.calendar.operator")) {
                    System.setProperty("org.slf4j.simpleLogger.log." + noisy, "info");
                }
            } else if (args[i].equals("local")) {
                continue; // "calendar-operator local examples/" reads naturally too
            } else {
                folder = Path.of(args[i]);
            }
        }
        if (!Files.isDirectory(folder)) {
            System.err.println("not a folder: " + folder + "\nusage: java -jar calendar-local.jar [FOLDER] [--port 8000] [--api mock|real] [--verbose]");
            System.exit(2);
        }
        for (long pid : RedisServer.stopLeftovers()) {
            LOG.warn("stopped redis-server (pid {}), left running by a local stack that was killed", pid);
        }
        LocalStack stack = start(folder, port, api);
        // SIGTERM and Ctrl-C stop the parts in order, apps before Redis; JVM shutdown hooks would all
        // run at once (Redis killed under running apps). The hook stays for any other way out.
        for (String signal : List.of("TERM", "INT")) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), received -> stopAndExit(stack));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-stop"));
        stack.printTableEvery(2);
        Thread.currentThread().join();
    }

    /** Stops the stack, then the JVM; a part that hangs cannot keep the process (or its Redis) alive. */
    private static void stopAndExit(LocalStack stack) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(STOP_TIMEOUT.toMillis());
            } catch (InterruptedException stoppedInTime) {
                return;
            }
            LOG.error("the stack did not stop within {} s: ending it, Redis first", STOP_TIMEOUT.toSeconds());
            stack.redis.kill();
            Runtime.getRuntime().halt(1);
        }, "local-stack-stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        stack.close();
        watchdog.interrupt();
        System.exit(0);
    }

    /** Starts everything on the mock API server; {@code port} 0 picks a free one. */
    public static LocalStack start(Path folder, int port) throws Exception {
        return start(folder, port, "mock");
    }

    /** Starts everything on the API server {@code api} ("mock" or "real"); {@code port} 0 picks a free one. */
    public static LocalStack start(Path folder, int port, String api) throws Exception {
        LocalStack stack = new LocalStack();
        try {
            stack.startAll(folder, port, api);
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void startAll(Path instances, int port, String apiKind) throws Exception {
        String adminPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        redis = RedisServer.startWithAdminPassword(adminPassword);
        started.push(redis);
        LOG.info("Redis: redis-server on {} with ACLs on; as its admin: redis-cli -u '{}'", redis.address(), redis.url());

        api = KubernetesApi.start(apiKind);
        started.push(api);
        LOG.warn("Kubernetes API: {}", api.describe());

        runner = new DeploymentRunner(api.client());
        started.push(runner);
        runner.start();

        router = new HostRouter(api.client(), runner, port);
        started.push(router);
        router.start();

        operator = LocalOperator.start(api.client(), redis, router.port());
        started.push(operator);

        folder = new InstanceFolder(instances, api.client(), CalendarInstanceSchema.generated());
        started.push(folder);
        folder.start();
        LOG.info("Watching {} for CalendarInstance YAML; calendars at http://<slug>.localhost:{}/", instances, router.port());
    }

    public int port() {
        return router.port();
    }

    public io.fabric8.kubernetes.client.KubernetesClient client() {
        return api.client();
    }

    /** A kubeconfig for kubectl against the stack's API server. */
    public Path kubeconfig() {
        return api.kubeconfig();
    }

    /** The URL a browser opens for a calendar of this stack. */
    public String urlOf(String slug) {
        return "http://" + slug + ".localhost:" + port() + "/";
    }

    /** {@code redis://default:PASSWORD@127.0.0.1:PORT}: the admin of the stack's Redis, as the operator uses it. */
    public String redisAdminUrl() {
        return redis.url();
    }

    /** The ports of the apps running for the Deployment {@code namespace/name}, in start order; empty when none run. */
    public List<Integer> appPorts(String namespace, String name) {
        return runner.ports(namespace, name);
    }

    /** The private metrics ports of the apps running for the Deployment {@code namespace/name}. */
    public List<Integer> appMetricsPorts(String namespace, String name) {
        return runner.metricsPorts(namespace, name);
    }

    /** The port of the operator's {@code /healthz}, {@code /readyz} and {@code /metrics}. */
    public int operatorProbePort() {
        return operator.probePort().orElseThrow();
    }

    /** Kills the stack's redis-server, as an outage would. */
    public void killRedis() {
        redis.kill();
    }

    /** Starts the stack's redis-server again on its port, empty, as after a restart without persistence. */
    public void restartRedis() {
        redis.restart();
    }

    /** Files the CRD's rules refused, with the reasons. */
    public java.util.Map<Path, List<String>> refusals() {
        return folder.refusals();
    }

    /** Re-reads the folder now rather than at the next file event. */
    public void syncFolder() {
        folder.sync();
    }

    private void printTableEvery(int seconds) {
        table.scheduleWithFixedDelay(() -> {
            try {
                String now = table();
                if (!now.equals(lastTable)) {
                    System.out.println(now);
                    lastTable = now;
                }
            } catch (RuntimeException e) {
                LOG.debug("table: {}", e.getMessage());
            }
        }, 0, seconds, TimeUnit.SECONDS);
    }

    /**
     * NAMESPACE, NAME, URL, PHASE, READY of every CalendarInstance, like {@code kubectl get cal -A}, its PLACEMENT, and
     * the PASSCODE that opens it (from its {@code <slug>-access} Secret), so a new user can go straight in.
     */
    String table() {
        StringBuilder out = new StringBuilder(String.format("%-12s %-24s %-48s %-13s %-6s %-30s %s%n", "NAMESPACE", "NAME", "URL",
                "PHASE", "READY", "PLACEMENT", "PASSCODE"));
        for (CalendarInstance instance : api.client().resources(CalendarInstance.class).inAnyNamespace().list().getItems()) {
            var status = instance.getStatus();
            String ready = status == null ? "" : status.getConditions().stream().filter(c -> c.getType().equals("Ready"))
                    .map(Condition::getStatus).findFirst().orElse("");
            out.append(String.format("%-12s %-24s %-48s %-13s %-6s %-30s %s%n", instance.getMetadata().getNamespace(),
                    instance.getMetadata().getName(), urlOf(instance.slug()),
                    status == null || status.getPhase() == null ? "" : status.getPhase(), ready, placementOf(instance.slug()),
                    passcodeColumn(instance)));
        }
        folder.refusals().forEach((file, reasons) -> out.append("refused ").append(file.getFileName()).append(": ")
                .append(String.join("; ", reasons)).append('\n'));
        return out.toString();
    }

    /** Where the calendar runs: {@code Dedicated} (an app of its own) or {@code Shared (<pool Service>)}, from where its host leads. */
    public String placementOf(String slug) {
        return router == null ? "" : router.placementOf(slug);
    }

    /** The editors' passcode of a calendar, once the operator has generated it. */
    public Optional<String> passcodeOf(String namespace, String slug) {
        return AccessSecretData.valueIn(accessSecret(namespace, slug), AccessSecretData.PASSCODE);
    }

    private String passcodeColumn(CalendarInstance instance) {
        AccessMode mode = AccessSpec.modeOf(instance.getSpec().getAccess());
        if (mode != AccessMode.Passcode) {
            return "(" + mode.name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
        Secret secret = accessSecret(instance.getMetadata().getNamespace(), instance.slug());
        String editors = AccessSecretData.valueIn(secret, AccessSecretData.PASSCODE)
                .orElse(instance.getSpec().getAccess() != null && instance.getSpec().getAccess().getPasscodeSecret() != null
                        ? "(in Secret " + instance.getSpec().getAccess().getPasscodeSecret() + ")" : "");
        return AccessSecretData.valueIn(secret, AccessSecretData.VIEWER_PASSCODE).map(v -> editors + " (viewers: " + v + ")")
                .orElse(editors);
    }

    private Secret accessSecret(String namespace, String slug) {
        return api.client().secrets().inNamespace(namespace).withName(AccessSecretDependentResource.name(slug)).get();
    }

    @Override
    public synchronized void close() {
        table.shutdownNow();
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("stopping {}: {}", part.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
