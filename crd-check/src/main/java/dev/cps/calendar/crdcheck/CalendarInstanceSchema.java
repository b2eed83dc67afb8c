package dev.cps.calendar.crdcheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.cps.calendar.testing.kube.CalendarCrd;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a CalendarInstance the way the API server does with the generated CRD: the OpenAPI v3 schema
 * (with networknt's JSON Schema validator) and every CEL {@code x-kubernetes-validations} rule (with
 * cel-java), each rule evaluated at the schema node that declares it.
 *
 * <p>Messages read like {@code kubectl apply}'s: {@code spec.users: Too many: 5: must have at most 4 items},
 * {@code spec.users: Invalid value: "array": user names must be unique: Jack appears more than once}.
 * They are close to the API server's, not byte for byte: the schema texts are Kubernetes' wording,
 * rebuilt from the validator's keyword and arguments.
 *
 * <p>Differences between OpenAPI v3 (as Kubernetes reads it) and JSON Schema that matter here:
 * {@code x-kubernetes-*} keywords are not JSON Schema and are stripped; {@code nullable} is honoured;
 * an object with {@code properties} takes no other fields (Kubernetes prunes them, and kubectl's
 * strict field validation refuses them), unless it says {@code x-kubernetes-preserve-unknown-fields};
 * the root also allows {@code apiVersion}, {@code kind} and {@code metadata}.
 */
public final class CalendarInstanceSchema {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern OLD_SELF = Pattern.compile("\\boldSelf\\b");
    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addCompilerLibraries(CelExtensions.strings())
            .addRuntimeLibraries(CelExtensions.strings())
            .addVar("self", SimpleType.DYN)
            .addVar("oldSelf", SimpleType.DYN)
            .build();

    /** One thing the API server would refuse. {@code kind} is the schema keyword, or {@code rule} for CEL. */
    public record Violation(String path, String kind, String message) {
        @Override
        public String toString() {
            return path + ": " + message;
        }
    }

    /** One CEL rule of the CRD, where it is declared ({@code spec.hours}, {@code spec.users[*].key}, or "" at the root). */
    public record Rule(String schemaPath, String rule, String message, String messageExpression, String fieldPath,
                       CelRuntime.Program program, CelRuntime.Program messageProgram) {
        public boolean isTransition() {
            return OLD_SELF.matcher(rule).find();
        }
    }

    private final JsonNode openApiSchema;
    private final JsonSchema jsonSchema;
    private final List<Rule> rules = new ArrayList<>();

    private CalendarInstanceSchema(JsonNode crd) {
        this.openApiSchema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
        if (openApiSchema.isMissingNode()) {
            throw new IllegalArgumentException("the CRD has no spec.versions[0].schema.openAPIV3Schema");
        }
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_PATH)
                .nullableKeywordEnabled(true)
                .typeLoose(false)
                .build();
        ObjectNode asJsonSchema = toJsonSchema(openApiSchema.deepCopy(), true);
        this.jsonSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(asJsonSchema, config);
        collectRules(openApiSchema, "");
    }

    /** The CRD the build generated, from the classpath (the operator jar or its target/classes). */
    public static CalendarInstanceSchema generated() {
        try (InputStream in = CalendarCrd.open()) {
            return new CalendarInstanceSchema(YAML.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CRD read from YAML, e.g. {@code crds/calendarinstances.calendar.cps.dev-v1.yml}. */
    public static CalendarInstanceSchema of(JsonNode crd) {
        return new CalendarInstanceSchema(crd);
    }

    public JsonNode openApiSchema() {
        return openApiSchema;
    }

    /** Schema violations after which the API server does not evaluate the CEL rules. */
    private static final java.util.Set<String> RULES_SKIPPED_AFTER = java.util.Set.of("maxLength", "maxItems", "maxProperties", "type");

    public List<Rule> rules() {
        return List.copyOf(rules);
    }

    /** What the API server would say when this resource is created; empty when it is accepted. */
    public List<String> violations(Map<String, Object> resource) {
        return check(resource).stream().map(Violation::toString).collect(Collectors.toList());
    }

    /** What the API server would say when {@code old} is updated to {@code updated}, transition rules included. */
    public List<String> violationsOnUpdate(Map<String, Object> old, Map<String, Object> updated) {
        return checkUpdate(old, updated).stream().map(Violation::toString).collect(Collectors.toList());
    }

    public List<Violation> check(Map<String, Object> resource) {
        return checkUpdate(null, resource);
    }

    public List<Violation> checkUpdate(Map<String, Object> old, Map<String, Object> updated) {
        List<Violation> found = new ArrayList<>(schemaViolations(updated));
        // kubectl asks for strict field validation: an unknown field fails decoding, before any other check
        List<Violation> unknown = found.stream().filter(v -> v.kind().equals("additionalProperties")).toList();
        if (!unknown.isEmpty()) {
            return unknown;
        }
        // a value beyond its bounds (or of the wrong type) would void CEL's cost estimate: the server skips the rules
        if (found.stream().anyMatch(v -> RULES_SKIPPED_AFTER.contains(v.kind()))) {
            return found;
        }
        Object self = celValue(rootForCel(updated));
        Object oldSelf = old == null ? null : celValue(rootForCel(old));
        evaluateRules(openApiSchema, "", self, oldSelf, found);
        return found;
    }

    // ---- OpenAPI schema -------------------------------------------------------------------------

    private List<Violation> schemaViolations(Map<String, Object> resource) {
        JsonNode node = YAML.valueToTree(resource);
        List<Violation> found = new ArrayList<>();
        for (ValidationMessage m : jsonSchema.validate(node)) {
            found.add(describe(m));
        }
        found.sort((a, b) -> a.path().compareTo(b.path()));
        return found;
    }

    private static Violation describe(ValidationMessage m) {
        String path = k8sPath(m);
        JsonNode value = m.getInstanceNode();
        JsonNode schema = m.getSchemaNode();
        String type = m.getType();
        String shown = value == null ? "null" : value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
        String message = switch (type) {
            case "required" -> "Required value";
            case "additionalProperties" -> "unknown field \"" + path + "\"";
            case "maxLength" -> "Too long: may not be more than " + schema.asLong() + (schema.asLong() == 1 ? " byte" : " bytes");
            case "minLength" -> "Invalid value: " + shown + ": " + path + " in body should be at least " + schema.asLong() + " chars long";
            case "pattern" -> "Invalid value: " + shown + ": " + path + " in body should match '" + schema.asText() + "'";
            case "maxItems" -> "Too many: " + value.size() + ": must have at most " + schema.asLong() + " items";
            case "minItems" -> "Invalid value: " + value.size() + ": " + path + " in body should have at least " + schema.asLong() + " items";
            case "minimum" -> "Invalid value: " + shown + ": " + path + " in body should be greater than or equal to " + number(schema);
            case "maximum" -> "Invalid value: " + shown + ": " + path + " in body should be less than or equal to " + number(schema);
            case "enum" -> "Unsupported value: " + shown + ": supported values: "
                    + streamOf(schema).map(v -> "\"" + v.asText() + "\"").collect(Collectors.joining(", "));
            case "type" -> "Invalid value: " + shown + ": " + path + " in body must be of type " + schema.asText();
            default -> m.getMessage();
        };
        return new Violation(path, type, message);
    }

    private static String k8sPath(ValidationMessage m) {
        var location = m.getInstanceLocation();
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                path.append(path.length() == 0 ? "" : ".").append(element);
            }
        }
        if (("required".equals(m.getType()) || "additionalProperties".equals(m.getType())) && m.getProperty() != null) {
            path.append(path.length() == 0 ? "" : ".").append(m.getProperty());
        }
        return path.toString();
    }

    private static String number(JsonNode n) {
        BigDecimal d = n.decimalValue().stripTrailingZeros();
        return d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
    }

    private static java.util.stream.Stream<JsonNode> streamOf(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    /** The OpenAPI v3 schema as the JSON Schema the API server effectively applies. */
    private static ObjectNode toJsonSchema(ObjectNode schema, boolean root) {
        boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            if (it.next().startsWith("x-kubernetes-")) {
                it.remove();
            }
        }
        if (schema.get("properties") instanceof ObjectNode properties) {
            properties.fields().forEachRemaining(e -> toJsonSchema((ObjectNode) e.getValue(), false));
            if (root) {
                properties.putObject("apiVersion").put("type", "string");
                properties.putObject("kind").put("type", "string");
                properties.putObject("metadata").put("type", "object");
            }
            if (!preserveUnknown && !schema.has("additionalProperties")) {
                schema.put("additionalProperties", false);
            }
        }
        if (schema.get("items") instanceof ObjectNode items) {
            toJsonSchema(items, false);
        }
        if (schema.get("additionalProperties") instanceof ObjectNode additional) {
            toJsonSchema(additional, false);
        }
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            if (schema.get(combinator) instanceof ArrayNode all) {
                all.forEach(s -> toJsonSchema((ObjectNode) s, false));
            }
        }
        return schema;
    }

    // ---- CEL ------------------------------------------------------------------------------------

    private void collectRules(JsonNode schema, String path) {
        for (JsonNode v : schema.path("x-kubernetes-validations")) {
            String rule = v.path("rule").asText();
            String messageExpression = v.path("messageExpression").asText(null);
            rules.add(new Rule(path, rule, v.path("message").asText(null), messageExpression,
                    v.path("fieldPath").asText(null), program(rule),
                    messageExpression == null ? null : program(messageExpression)));
        }
        schema.path("properties").fields().forEachRemaining(e ->
                collectRules(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey()));
        if (schema.has("items")) {
            collectRules(schema.get("items"), path + "[*]");
        }
        if (schema.has("additionalProperties") && schema.get("additionalProperties").isObject()) {
            collectRules(schema.get("additionalProperties"), path + "[*]");
        }
    }

    private static CelRuntime.Program program(String expression) {
        try {
            CelAbstractSyntaxTree ast = CEL.compile(expression).getAst();
            return CEL.createProgram(ast);
        } catch (CelValidationException e) {
            throw new IllegalArgumentException("CEL does not compile: " + expression + "\n" + e.getMessage(), e);
        } catch (CelEvaluationException e) {
            throw new IllegalArgumentException("CEL program cannot be built: " + expression, e);
        }
    }

    /** Walks the resource along the schema, as the API server does, and runs each node's rules on it. */
    private void evaluateRules(JsonNode schema, String path, Object self, Object oldSelf, List<Violation> found) {
        if (self == null) {
            return;
        }
        String schemaPath = path.replaceAll("\\[\\d+]", "[*]");
        for (Rule rule : rules) {
            if (!rule.schemaPath().equals(schemaPath)) {
                continue;
            }
            if (rule.isTransition() && oldSelf == null) {
                continue; // transition rules run on updates only, where the old value exists
            }
            String where = rule.fieldPath() == null ? path : join(path, rule.fieldPath().substring(1));
            Map<String, Object> vars = new LinkedHashMap<>();
            vars.put("self", self);
            if (oldSelf != null) {
                vars.put("oldSelf", oldSelf);
            }
            try {
                Object result = rule.program().eval(vars);
                if (!Boolean.TRUE.equals(result)) {
                    found.add(new Violation(where, "rule", "Invalid value: \"" + celTypeName(self) + "\": " + message(rule, vars)));
                }
            } catch (CelEvaluationException e) {
                found.add(new Violation(where, "rule", "Invalid value: \"" + celTypeName(self) + "\": rule "
                        + rule.rule() + " failed to evaluate: " + e.getMessage()));
            }
        }
        if (self instanceof Map<?, ?> object && schema.has("properties")) {
            schema.get("properties").fields().forEachRemaining(e -> {
                Object oldChild = oldSelf instanceof Map<?, ?> oldObject ? oldObject.get(e.getKey()) : null;
                evaluateRules(e.getValue(), join(path, e.getKey()), object.get(e.getKey()), oldChild, found);
            });
        }
        if (self instanceof List<?> list && schema.has("items")) {
            // lists without x-kubernetes-list-type: map are atomic: their items have no old value
            for (int i = 0; i < list.size(); i++) {
                evaluateRules(schema.get("items"), path + "[" + i + "]", list.get(i), null, found);
            }
        }
    }

    private static String message(Rule rule, Map<String, Object> vars) {
        if (rule.messageProgram() != null) {
            try {
                Object text = rule.messageProgram().eval(vars);
                if (text instanceof String s && !s.isBlank()) {
                    return s;
                }
            } catch (CelEvaluationException e) {
                // the API server falls back to message when messageExpression fails
            }
        }
        return rule.message() != null ? rule.message() : "failed rule: " + rule.rule();
    }

    private static String join(String path, String child) {
        return path.isEmpty() ? child : path + "." + child;
    }

    private static String celTypeName(Object value) {
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof List) {
            return "array";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Long) {
            return "integer";
        }
        return value.getClass().getSimpleName().toLowerCase();
    }

    /** At the root, CEL sees apiVersion, kind, metadata.name and metadata.generateName, and the declared fields. */
    private static Map<String, Object> rootForCel(Map<String, Object> resource) {
        Map<String, Object> root = new LinkedHashMap<>(resource);
        if (resource.get("metadata") instanceof Map<?, ?> metadata) {
            Map<String, Object> visible = new LinkedHashMap<>();
            for (String key : List.of("name", "generateName")) {
                if (metadata.get(key) != null) {
                    visible.put(key, metadata.get(key));
                }
            }
            root.put("metadata", visible);
        }
        return root;
    }

    /** YAML/JSON values as Kubernetes' CEL sees them: integers are int (Long), objects are maps. */
    static Object celValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    copy.put(String.valueOf(k), celValue(v));
                }
            });
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(CalendarInstanceSchema::celValue).filter(Objects::nonNull).collect(Collectors.toList());
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.longValueExact();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof BigDecimal d) {
            return d.doubleValue();
        }
        return value;
    }
}
