package dev.cps.calendar.testing.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Kubernetes JSONPath that printer columns and field selectors use: {@code .a.b},
 * {@code .list[?(@.type=="Ready")].status} and backslash escapes ({@code .\s\tatus} reads
 * {@code .status}). A path that finds nothing reads as a missing node.
 */
final class FieldPath {

    private static final Pattern SEGMENT = Pattern.compile("\\.([A-Za-z0-9_-]+)|\\[\\?\\(@\\.([A-Za-z0-9_-]+)\\s*==\\s*[\"']([^\"']*)[\"']\\)]");

    private FieldPath() {
    }

    static JsonNode read(JsonNode root, String path) {
        String p = path.replaceAll("\\\\(.)", "$1").trim();
        if (p.startsWith("{") && p.endsWith("}")) {
            p = p.substring(1, p.length() - 1);
        }
        Matcher m = SEGMENT.matcher(p);
        JsonNode node = root;
        int at = 0;
        while (at < p.length()) {
            if (!m.find(at) || m.start() != at) {
                return MissingNode.getInstance();
            }
            if (m.group(1) != null) {
                node = node.path(m.group(1));
            } else {
                JsonNode match = MissingNode.getInstance();
                for (JsonNode element : node) {
                    if (element.path(m.group(2)).asText().equals(m.group(3))) {
                        match = element;
                        break;
                    }
                }
                node = match;
            }
            at = m.end();
        }
        return node;
    }

    /** The value as a column or selector shows it: text for scalars, JSON for the rest, "" for nothing. */
    static String text(JsonNode root, String path) {
        JsonNode node = read(root, path);
        if (node.isMissingNode() || node.isNull()) {
            return "";
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
