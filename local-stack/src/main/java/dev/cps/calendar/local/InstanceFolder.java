package dev.cps.calendar.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cps.calendar.crdcheck.CalendarInstanceSchema;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A folder of CalendarInstance YAML files kept in step with the API, like a GitOps sync: a new file
 * creates, an edit updates, a removed file deletes. A file the CRD's rules refuse is reported with
 * their messages and changes nothing, so the other files keep working.
 */
final class InstanceFolder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceFolder.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String DEFAULT_NAMESPACE = "default";

    /** What a file last applied: namespace/name → the resource. */
    private final Map<Path, Map<String, CalendarInstance>> applied = new HashMap<>();
    /** Documents of other kinds already reported as skipped (file#kind/name), so each is said once. */
    private final Set<String> skipped = new HashSet<>();
    /** The latest refusal per file, so it is printed once, not at every scan. */
    private final Map<Path, List<String>> refused = new HashMap<>();
    private final Path folder;
    private final KubernetesClient client;
    private final CalendarInstanceSchema admission;
    private WatchService watcher;
    private Thread watchThread;

    InstanceFolder(Path folder, KubernetesClient client, CalendarInstanceSchema admission) {
        this.folder = folder;
        this.client = client;
        this.admission = admission;
    }

    void start() throws IOException {
        sync();
        watcher = folder.getFileSystem().newWatchService();
        folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        watchThread = new Thread(this::watch, "instance-folder");
        watchThread.setDaemon(true);
        watchThread.start();
    }

    /** The refusals in force, by file. */
    synchronized Map<Path, List<String>> refusals() {
        return Map.copyOf(refused);
    }

    private void watch() {
        try {
            while (true) {
                var key = watcher.take();
                // editors write in bursts (truncate, write, rename): let the burst settle
                Thread.sleep(150);
                while (watcher.poll(50, TimeUnit.MILLISECONDS) != null) {
                    // drain
                }
                key.pollEvents();
                key.reset();
                try {
                    sync();
                } catch (RuntimeException | LinkageError e) {
                    // one failed call to the API must not end the watching: the next change syncs again
                    LOG.error("syncing {} failed: {}", folder, e.toString());
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // stopping
        }
    }

    /** Applies every file's resources and deletes what vanished from the folder. */
    synchronized void sync() {
        Set<Path> present = new HashSet<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(InstanceFolder::isYaml).sorted().forEach(file -> {
                present.add(file);
                try {
                    syncFile(file);
                } catch (RuntimeException e) {
                    // one file the API would not take must not stop the others; it is tried again at the next change
                    LOG.error("{}: {}", file.getFileName(), e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.error("cannot read {}: {}", folder, e.getMessage());
            return;
        }
        for (Path gone : new ArrayList<>(applied.keySet())) {
            if (!present.contains(gone)) {
                applied.remove(gone).values().forEach(this::delete);
                refused.remove(gone);
                LOG.info("{} removed: its CalendarInstances are deleted", gone.getFileName());
            }
        }
        // a refused file that never applied anything is not in applied: its refusal goes with it
        refused.keySet().retainAll(present);
    }

    private void syncFile(Path file) {
        Map<String, CalendarInstance> wanted = new HashMap<>();
        List<String> problems = new ArrayList<>();
        try {
            for (Map<String, Object> document : documents(file)) {
                if (!"CalendarInstance".equals(document.get("kind"))) {
                    if (skipped.add(file + "#" + document.get("kind") + "/" + name(document))) {
                        LOG.info("{}: skipped {} {}: not a CalendarInstance", file.getFileName(), document.get("kind"), name(document));
                    }
                    continue;
                }
                CalendarInstance instance = YAML.convertValue(document, CalendarInstance.class);
                if (instance.getMetadata() == null || instance.getMetadata().getName() == null) {
                    problems.add("metadata.name: Required value");
                    continue;
                }
                if (instance.getMetadata().getNamespace() == null) {
                    instance.getMetadata().setNamespace(DEFAULT_NAMESPACE);
                }
                String id = instance.getMetadata().getNamespace() + "/" + instance.getMetadata().getName();
                CalendarInstance existing = client.resources(CalendarInstance.class)
                        .inNamespace(instance.getMetadata().getNamespace()).withName(instance.getMetadata().getName()).get();
                List<String> violations = existing == null
                        ? admission.violations(document)
                        : admission.violationsOnUpdate(YAML.convertValue(existing, Map.class), document);
                violations.forEach(v -> problems.add(id + ": " + v));
                wanted.put(id, instance);
            }
        } catch (IOException | RuntimeException e) {
            problems.add(parseProblem(e));
        }
        if (!problems.isEmpty()) {
            if (!problems.equals(refused.put(file, problems))) {
                LOG.warn("refused {}: {}", file.getFileName(), String.join("; ", problems));
            }
            return; // the file is refused whole: nothing of it changes
        }
        refused.remove(file);
        Map<String, CalendarInstance> before = applied.getOrDefault(file, Map.of());
        wanted.values().forEach(this::apply);
        before.forEach((id, instance) -> {
            if (!wanted.containsKey(id)) {
                delete(instance);
            }
        });
        applied.put(file, wanted);
    }

    private void apply(CalendarInstance instance) {
        var resource = client.resources(CalendarInstance.class).inNamespace(instance.getMetadata().getNamespace())
                .withName(instance.getMetadata().getName());
        CalendarInstance existing = resource.get();
        if (existing == null) {
            ensureNamespace(instance.getMetadata().getNamespace());
            resource.create(instance);
            LOG.info("created CalendarInstance {}/{}", instance.getMetadata().getNamespace(), instance.getMetadata().getName());
        } else if (!YAML.valueToTree(existing.getSpec()).equals(YAML.valueToTree(instance.getSpec()))) {
            // the spec only: the status is the operator's
            resource.edit(current -> {
                current.setSpec(instance.getSpec());
                return current;
            });
            LOG.info("updated CalendarInstance {}/{}", instance.getMetadata().getNamespace(), instance.getMetadata().getName());
        }
    }

    /** As `kubectl create namespace` before applying: a real API server refuses objects in a missing one. */
    private void ensureNamespace(String namespace) {
        if (client.namespaces().withName(namespace).get() == null) {
            client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                    .withName(namespace).endMetadata().build()).create();
        }
    }

    private void delete(CalendarInstance instance) {
        client.resources(CalendarInstance.class).inNamespace(instance.getMetadata().getNamespace())
                .withName(instance.getMetadata().getName()).delete();
        LOG.info("deleted CalendarInstance {}/{}", instance.getMetadata().getNamespace(), instance.getMetadata().getName());
    }

    /** What is wrong with a file that is not YAML or not a CalendarInstance, with the parser's line and column. */
    private static String parseProblem(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.fasterxml.jackson.core.JsonProcessingException parse && parse.getLocation() != null) {
                return "not a valid CalendarInstance YAML at line " + parse.getLocation().getLineNr() + ", column "
                        + parse.getLocation().getColumnNr() + ": " + parse.getOriginalMessage().lines().findFirst().orElse("");
            }
        }
        return "not a valid CalendarInstance YAML: " + e.getMessage();
    }

    @SuppressWarnings("unchecked")
    private static String name(Map<String, Object> document) {
        return document.get("metadata") instanceof Map<?, ?> metadata ? String.valueOf(metadata.get("name")) : "(no name)";
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(Path file) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            var iterator = YAML.readValues(parser, Map.class);
            while (iterator.hasNext()) {
                Map<String, Object> document = iterator.next();
                if (document != null) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }

    private static boolean isYaml(Path path) {
        String name = path.getFileName().toString();
        return Files.isRegularFile(path) && !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    @Override
    public void close() throws IOException {
        if (watcher != null) {
            watcher.close();
        }
        if (watchThread != null) {
            watchThread.interrupt();
        }
    }
}
