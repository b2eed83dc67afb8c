package dev.cps.calendar.testing.kube;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/** One request the API server handled, as its audit log tells it (stage ResponseComplete). */
public record AuditEvent(String user, String userAgent, String verb, String apiGroup, String resource,
                         String subresource, String namespace, String name, int code, String requestUri) {

    private static final Set<String> WRITES = Set.of("create", "update", "patch", "delete", "deletecollection");

    static AuditEvent of(JsonNode event) {
        JsonNode ref = event.path("objectRef");
        return new AuditEvent(event.path("user").path("username").asText(), event.path("userAgent").asText(),
                event.path("verb").asText(), ref.path("apiGroup").asText(""), ref.path("resource").asText(""),
                ref.path("subresource").asText(""), ref.path("namespace").asText(""), ref.path("name").asText(""),
                event.path("responseStatus").path("code").asInt(), event.path("requestURI").asText());
    }

    public boolean isWrite() {
        return WRITES.contains(verb);
    }

    public boolean isForbidden() {
        return code == 403;
    }


    @Override
    public String toString() {
        return user + " " + verb + " " + requestUri + " -> " + code;
    }
}
