package dev.cps.calendar.testing.kube;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real Kubernetes control plane on loopback: etcd and kube-apiserver (started by fabric8's
 * kube-api-test in offline mode from the binaries {@link ControlPlaneBinaries} builds), with an
 * audit log of every request, and kube-controller-manager running the garbage collector and the
 * namespace controller. There are no nodes: no pod runs, so a test that needs a ready Deployment
 * writes its status itself.
 *
 * <pre>{@code
 * try (KubeControlPlane cluster = KubeControlPlane.start(Path.of("target/kube"))) {
 *     cluster.admin().namespaces().list();
 *     cluster.kubectl("get", "cal", "-A");
 * }
 * }</pre>
 */
public final class KubeControlPlane implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KubeControlPlane.class);
    /** The user of the admin client: kube-api-test's client certificate (group system:masters). */
    public static final String ADMIN_USER = "kubeapitest";
    public static final String ADMIN_USER_AGENT = "calendar-tests";
    /** Slow to start on two busy cores: etcd, the API server and its post-start hooks. */
    private static final int STARTUP_TIMEOUT_MILLIS = 180_000;
    private static final List<String> CONTROLLERS = List.of("garbage-collector-controller", "namespace-controller");

    private final Path binaries;
    private final KubeAPIServer apiServer;
    private final Path kubeconfig;
    private final AuditLog audit;
    private final Process controllerManager;
    private final KubernetesClient admin;
    private volatile boolean closed;

    private KubeControlPlane(Path binaries, KubeAPIServer apiServer, Path kubeconfig, AuditLog audit,
                             Process controllerManager, KubernetesClient admin) {
        this.binaries = binaries;
        this.apiServer = apiServer;
        this.kubeconfig = kubeconfig;
        this.audit = audit;
        this.controllerManager = controllerManager;
        this.admin = admin;
    }

    /** Starts etcd, kube-apiserver and kube-controller-manager, keeping their files in {@code dir}. */
    public static KubeControlPlane start(Path dir) {
        return start(dir, false, List.of());
    }

    /**
     * Starts with CRDs in place before the controller manager starts, so its garbage collector knows
     * their kinds from the start: one that meets a kind later cannot collect its dependents until it
     * rediscovers the API (up to half a minute).
     *
     * @param withGatewayApi the Gateway API's standard CRDs (the release testkit/kube/build.sh pins)
     * @param crdResources   classpath resources holding CRDs, such as the one the operator's build generates
     */
    public static KubeControlPlane start(Path dir, boolean withGatewayApi, List<String> crdResources) {
        long started = System.nanoTime();
        Path binaries = ControlPlaneBinaries.folder();
        try {
            Path work = dir.toAbsolutePath();
            Files.createDirectories(work.resolve("k8s"));
            // kube-api-test looks for <dir>/k8s/<version>-<os>-<arch>/; the binaries stay in the cache
            Path link = work.resolve("k8s").resolve(ControlPlaneBinaries.kubeApiTestName(binaries));
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, binaries);
            Path policy = Files.writeString(work.resolve("audit-policy.yaml"), AuditLog.POLICY);
            Path auditFile = work.resolve("audit.log");
            Files.deleteIfExists(auditFile);

            var config = KubeAPIServerConfigBuilder.anAPIServerConfig()
                    .withTestDir(work.toString())
                    .withApiServerVersion(ControlPlaneBinaries.version(binaries))
                    .withOfflineMode(true)
                    .withUpdateKubeConfig(false)
                    .withWaitForEtcdHealthCheckOnStartup(true)
                    .withStartupTimeout(STARTUP_TIMEOUT_MILLIS)
                    .withApiServerFlag("--audit-policy-file", policy.toString())
                    .withApiServerFlag("--audit-log-path", auditFile.toString())
                    .withApiServerFlag("--audit-log-format", "json")
                    .withApiServerFlag("--audit-log-mode", "blocking")
                    .build();
            KubeAPIServer apiServer = startApiServer(config);
            Path kubeconfig = Files.writeString(work.resolve("kubeconfig"), apiServer.getKubeConfigYaml());
            KubernetesClient admin = new KubernetesClientBuilder().withConfig(new ConfigBuilder(
                    Config.fromKubeconfig(apiServer.getKubeConfigYaml())).withUserAgent(ADMIN_USER_AGENT).build()).build();
            for (String resource : crdResources) {
                try (var in = KubeControlPlane.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException(resource + " is not on the classpath");
                    }
                    applyCrd(admin, admin.getKubernetesSerialization().unmarshal(in,
                            io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class));
                }
            }
            if (withGatewayApi) {
                installGatewayApi(admin, binaries);
            }
            Process controllerManager = startControllerManager(binaries, kubeconfig, work);
            var plane = new KubeControlPlane(binaries, apiServer, kubeconfig, new AuditLog(auditFile),
                    controllerManager, admin);
            Runtime.getRuntime().addShutdownHook(new Thread(plane::close, "kube-control-plane-stop"));
            log.info("Kubernetes {} control plane up in {} ms at {}", ControlPlaneBinaries.version(binaries),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), admin.getMasterUrl());
            return plane;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * kube-api-test times its startup wait with LocalTime, which wraps at midnight: a start within the
     * timeout before 00:00 gives up at once ("etcd did not start properly"). One more try, after
     * midnight, then starts normally; a real failure fails twice.
     */
    private static KubeAPIServer startApiServer(io.fabric8.kubeapitest.KubeAPIServerConfig config) {
        for (int attempt = 1; ; attempt++) {
            KubeAPIServer apiServer = new KubeAPIServer(config);
            try {
                apiServer.start();
                return apiServer;
            } catch (io.fabric8.kubeapitest.KubeAPITestException e) {
                try {
                    apiServer.stop();
                } catch (RuntimeException partlyStarted) {
                    log.debug("stopping a control plane that did not start: {}", partlyStarted.toString());
                }
                if (attempt == 2) {
                    throw e;
                }
                log.warn("the control plane did not start ({}); trying once more", e.getMessage());
            }
        }
    }

    private static Process startControllerManager(Path binaries, Path kubeconfig, Path work) throws IOException {
        return new ProcessBuilder(binaries.resolve("kube-controller-manager").toString(),
                "--kubeconfig=" + kubeconfig,
                "--controllers=" + String.join(",", CONTROLLERS),
                "--leader-elect=false",
                "--secure-port=0",
                // react within a second to a deleted owner, as a test expects
                "--concurrent-gc-syncs=5")
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("kube-controller-manager.log").toFile())
                .start();
    }

    /** A client with every right (system:masters). */
    public KubernetesClient admin() {
        return admin;
    }

    public String kubernetesVersion() {
        return ControlPlaneBinaries.version(binaries);
    }

    public String masterUrl() {
        return admin.getMasterUrl().toString();
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public AuditLog audit() {
        return audit;
    }

    /** The user name the API server gives a ServiceAccount. */
    public static String serviceAccountUser(String namespace, String name) {
        return "system:serviceaccount:" + namespace + ":" + name;
    }

    /**
     * A client that is the ServiceAccount {@code namespace/name} (created if missing), with a token
     * from the TokenRequest API: it has exactly the rights RBAC gives that account.
     */
    public KubernetesClient clientAs(String namespace, String serviceAccount, String userAgent) {
        ensureNamespace(namespace);
        admin.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName(serviceAccount).withNamespace(namespace).endMetadata().build()).serverSideApply();
        String token = admin.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(24 * 3600L).endSpec().build())
                .getStatus().getToken();
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(masterUrl())
                .withTrustCerts(true) // loopback, a certificate made for this run
                .withOauthToken(token)
                .withNamespace(namespace)
                .withUserAgent(userAgent)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * Installs the Gateway API's standard-channel CRDs (the release testkit/kube/build.sh pins) and
     * waits until the API server serves them.
     */
    public void installGatewayApi() {
        installGatewayApi(admin, binaries);
    }

    private static void installGatewayApi(KubernetesClient admin, Path binaries) {
        try (var files = Files.list(binaries.resolve("gateway-api-crds"))) {
            for (Path file : files.sorted().toList()) {
                applyCrd(admin, admin.getKubernetesSerialization().unmarshal(Files.readString(file),
                        io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Applies a CRD and waits until the API server serves its kind. */
    public void installCrd(io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition crd) {
        applyCrd(admin, crd);
    }

    private static void applyCrd(KubernetesClient admin, io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition crd) {
        admin.resource(crd).forceConflicts().serverSideApply();
        admin.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                        && c.getStatus().getConditions().stream()
                        .anyMatch(k -> k.getType().equals("Established") && k.getStatus().equals("True")), 30, TimeUnit.SECONDS);
    }

    public void ensureNamespace(String namespace) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .serverSideApply();
    }

    /** Runs the real kubectl as the admin. */
    public CommandResult kubectl(String... args) {
        List<String> command = new ArrayList<>(List.of(binaries.resolve("kubectl").toString(), "--kubeconfig=" + kubeconfig));
        command.addAll(List.of(args));
        return run(command, null);
    }

    /**
     * What the kstatus library (sigs.k8s.io/cli-utils, used by Flux and kpt) says of an object
     * given as JSON or YAML: "Current", "InProgress", "Failed", ... and its message.
     */
    public CommandResult kstatus(String object) {
        return run(List.of(binaries.resolve("kstatus").toString()), object);
    }

    private CommandResult run(List<String> command, String stdin) {
        try {
            Process process = new ProcessBuilder(command).start();
            var out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            var err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            return new CommandResult(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        admin.close();
        controllerManager.destroy();
        try {
            if (!controllerManager.waitFor(10, TimeUnit.SECONDS)) {
                controllerManager.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        apiServer.stop();
    }
}
