package dev.cps.calendar.operator.cluster;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The Helm chart as {@code helm template --include-crds} renders it (helm-java, no helm binary),
 * with the values of one of the chart tests' value sets, as Kubernetes objects.
 */
record RenderedChart(String valueSet, List<HasMetadata> objects) {

    static final Path CHART = Path.of("../helm/calendar-operator");
    static final Path VALUE_SETS = Path.of("../helm/src/test/resources/values");
    static final String RELEASE = "calendar";
    static final String NAMESPACE = "calendar-system";
    /** The operator's ServiceAccount: the release's fullname. */
    static final String SERVICE_ACCOUNT = "calendar-calendar-operator";
    static final String DEFAULTS = "defaults";
    private static final Set<String> RBAC_KINDS = Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role",
            "RoleBinding", "CustomResourceDefinition");

    /** {@code defaults} (values.yaml alone) or the name of a file in helm/src/test/resources/values. */
    static RenderedChart render(String valueSet, String kubernetesVersion) {
        return render(valueSet, java.util.Map.of(), kubernetesVersion);
    }

    /** With {@code --set} values on top of the value set. */
    static RenderedChart render(String valueSet, java.util.Map<String, Object> sets, String kubernetesVersion) {
        var template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(kubernetesVersion);
        sets.forEach(template::set);
        if (!DEFAULTS.equals(valueSet)) {
            template.withValuesFile(VALUE_SETS.resolve(valueSet + ".yaml"));
        }
        String manifest = template.call();
        Object parsed = new KubernetesSerialization().unmarshal(manifest);
        @SuppressWarnings("unchecked")
        List<HasMetadata> objects = parsed instanceof List<?> list ? (List<HasMetadata>) list : List.of((HasMetadata) parsed);
        List<HasMetadata> rendered = new java.util.ArrayList<>(objects.stream().filter(java.util.Objects::nonNull).toList());
        if (rendered.stream().noneMatch(o -> o.getKind().equals("CustomResourceDefinition"))) {
            rendered.addAll(0, chartCrds()); // helm install applies crds/ before the templates
        }
        return new RenderedChart(valueSet, List.copyOf(rendered));
    }

    private static List<HasMetadata> chartCrds() {
        try (var files = Files.list(CHART.resolve("crds"))) {
            var serialization = new KubernetesSerialization();
            return files.sorted().map(f -> {
                try {
                    return (HasMetadata) serialization.unmarshal(Files.readString(f));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every value set the chart tests use, and the defaults. */
    static List<String> valueSets() throws java.io.IOException {
        try (var files = Files.list(VALUE_SETS)) {
            return java.util.stream.Stream.concat(java.util.stream.Stream.of(DEFAULTS),
                    files.map(f -> f.getFileName().toString().replaceFirst("\\.yaml$", "")).sorted()).toList();
        }
    }

    /** What gives the operator its identity and rights: the CRD, the ServiceAccount, the (Cluster)Roles and bindings. */
    List<HasMetadata> identityAndRights() {
        return objects.stream().filter(o -> RBAC_KINDS.contains(o.getKind())).toList();
    }

    /** Value of an environment variable the chart gives the operator container, if it is a plain value. */
    java.util.Optional<String> operatorEnv(String name) {
        return objects.stream().filter(o -> o instanceof io.fabric8.kubernetes.api.model.apps.Deployment d
                        && d.getMetadata().getName().equals(SERVICE_ACCOUNT))
                .map(o -> (io.fabric8.kubernetes.api.model.apps.Deployment) o)
                .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream())
                .filter(e -> e.getName().equals(name) && e.getValue() != null)
                .map(io.fabric8.kubernetes.api.model.EnvVar::getValue)
                .findFirst();
    }
}
