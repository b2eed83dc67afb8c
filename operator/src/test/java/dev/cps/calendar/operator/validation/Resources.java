package dev.cps.calendar.operator.validation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The repository's files these tests read: crds/, examples/. */
public final class Resources {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Resources() {
    }

    /** The repository root: the nearest folder up from the working directory that has operator/ and pom.xml. */
    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("operator")) && Files.exists(dir.resolve("pom.xml")))) {
            dir = dir.getParent();
        }
        return Objects.requireNonNull(dir, "no repository root above " + Path.of("").toAbsolutePath());
    }

    public static Path examples() {
        return repoRoot().resolve("examples");
    }

    /** Every document of a (multi-document) YAML file; empty documents are left out. */
    public static List<Map<String, Object>> documents(Path file) {
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            return YAML.readValues(parser, new TypeReference<Map<String, Object>>() { }).readAll().stream()
                    .filter(Objects::nonNull)
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    /** The one CalendarInstance a file holds. */
    public static Map<String, Object> calendarInstance(Path file) {
        List<Map<String, Object>> found = documents(file).stream().filter(Resources::isCalendarInstance).toList();
        if (found.size() != 1) {
            throw new IllegalStateException(file + " should hold one CalendarInstance, holds " + found.size());
        }
        return found.get(0);
    }

    public static boolean isCalendarInstance(Map<String, Object> document) {
        return "CalendarInstance".equals(document.get("kind"));
    }

    public static List<Path> yamlFiles(Path dir, boolean recursive) {
        try (Stream<Path> files = recursive ? Files.walk(dir) : Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> deepCopy(Map<String, Object> resource) {
        return YAML.convertValue(resource, Map.class);
    }
}
