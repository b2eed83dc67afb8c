package dev.cps.calendar.testing.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code meta.k8s.io/v1} Table, as the API server answers {@code kubectl get}: a Name column, then
 * the CRD's printer columns (or Age for kinds without any), one row per object with its metadata.
 */
final class ServerSideTable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServerSideTable() {
    }

    static ObjectNode of(ApiResource resource, JsonNode found) {
        List<JsonNode> columns = new ArrayList<>();
        columns.add(JSON.createObjectNode().put("name", "Name").put("type", "string").put("format", "name")
                .put("description", "Name must be unique within a namespace.").put("priority", 0).put("jsonPath", ".metadata.name"));
        if (resource.printerColumns().isEmpty()) {
            columns.add(JSON.createObjectNode().put("name", "Age").put("type", "date").put("jsonPath", ".metadata.creationTimestamp")
                    .put("description", "When the object was created.").put("priority", 0));
        } else {
            columns.addAll(resource.printerColumns());
        }

        ObjectNode table = JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        table.putObject("metadata").put("resourceVersion", found.at("/metadata/resourceVersion").asText(""));
        ArrayNode definitions = table.putArray("columnDefinitions");
        for (JsonNode c : columns) {
            definitions.addObject().put("name", c.path("name").asText()).put("type", c.path("type").asText("string"))
                    .put("format", c.path("format").asText("")).put("description", c.path("description").asText(""))
                    .put("priority", c.path("priority").asInt(0));
        }
        ArrayNode rows = table.putArray("rows");
        Iterable<JsonNode> objects = found.has("items") ? found.get("items") : List.of(found);
        for (JsonNode object : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (JsonNode c : columns) {
                cells.add(cell(c, object));
            }
            // the object's metadata only, as the API server's default (includeObject=PartialObjectMetadata)
            ObjectNode partial = row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
            partial.set("metadata", object.path("metadata").deepCopy());
        }
        return table;
    }

    private static JsonNode cell(JsonNode column, JsonNode object) {
        JsonNode value = FieldPath.read(object, column.path("jsonPath").asText());
        if (value.isMissingNode() || value.isNull()) {
            return JSON.getNodeFactory().nullNode();
        }
        return switch (column.path("type").asText("string")) {
            case "date" -> JSON.getNodeFactory().textNode(age(value.asText()));
            case "integer", "number", "boolean" -> value;
            default -> JSON.getNodeFactory().textNode(value.isValueNode() ? value.asText() : value.toString());
        };
    }

    /** The age as kubectl prints it: 45s, 3m12s, 7m, 5h, 3d4h, 12d. */
    static String age(String timestamp) {
        try {
            Duration d = Duration.between(Instant.parse(timestamp), Instant.now());
            long s = Math.max(0, d.getSeconds());
            if (s < 120) {
                return s + "s";
            }
            long m = s / 60;
            if (m < 10) {
                return s % 60 == 0 ? m + "m" : m + "m" + (s % 60) + "s";
            }
            if (m < 180) {
                return m + "m";
            }
            long h = m / 60;
            if (h < 8) {
                return m % 60 == 0 ? h + "h" : h + "h" + (m % 60) + "m";
            }
            if (h < 48) {
                return h + "h";
            }
            long days = h / 24;
            if (days < 8) {
                return h % 24 == 0 ? days + "d" : days + "d" + (h % 24) + "h";
            }
            return days + "d";
        } catch (DateTimeParseException e) {
            return "<invalid>";
        }
    }
}
