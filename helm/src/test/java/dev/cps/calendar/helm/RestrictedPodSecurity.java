package dev.cps.calendar.helm;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kubernetes "restricted" Pod Security Standard, as far as a pod template shows it. */
final class RestrictedPodSecurity {

    static void assertRestricted(JsonNode workload) {
        String name = workload.path("kind").asText() + "/" + workload.at("/metadata/name").asText();
        JsonNode pod = workload.at("/spec/template/spec");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as("%s runAsNonRoot", name).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).as("%s runAsUser", name).isPositive();
        assertThat(pod.at("/securityContext/seccompProfile/type").asText()).as("%s seccomp", name).isEqualTo("RuntimeDefault");
        assertThat(pod.path("hostNetwork").asBoolean(false)).as("%s hostNetwork", name).isFalse();
        assertThat(pod.path("volumes").findValues("hostPath")).as("%s hostPath volumes", name).isEmpty();

        int containers = 0;
        for (String list : new String[] {"initContainers", "containers"}) {
            for (JsonNode container : pod.path(list)) {
                containers++;
                String where = name + " container " + container.path("name").asText();
                JsonNode context = container.path("securityContext");
                assertThat(context.path("allowPrivilegeEscalation").isBoolean()
                        && !context.path("allowPrivilegeEscalation").asBoolean()).as("%s allowPrivilegeEscalation false", where).isTrue();
                assertThat(context.path("readOnlyRootFilesystem").asBoolean()).as("%s readOnlyRootFilesystem", where).isTrue();
                assertThat(context.path("privileged").asBoolean(false)).as("%s privileged", where).isFalse();
                assertThat(context.at("/capabilities/drop")).as("%s drops capabilities", where)
                        .extracting(JsonNode::asText).containsExactly("ALL");
                assertThat(context.at("/capabilities/add").isMissingNode()).as("%s adds no capabilities", where).isTrue();
            }
        }
        assertThat(containers).as("%s containers", name).isPositive();
    }

    private RestrictedPodSecurity() {
    }
}
