package dev.cps.calendar.testing.kube;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * The kube-apiserver's audit log (JSON lines, written before each response is sent), so a test can
 * count every request by user and verb. {@link #mark()} and {@link #since(long)} select what
 * happened during one step of a test.
 */
public final class AuditLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Logs every request's metadata once, when its response is complete; bodies are not needed. */
    static final String POLICY = """
            apiVersion: audit.k8s.io/v1
            kind: Policy
            omitStages: [RequestReceived, ResponseStarted]
            rules:
              - level: Metadata
            """;

    private final Path file;

    AuditLog(Path file) {
        this.file = file;
    }

    /** A position in the log (a byte offset): what is written after it is {@link #since(long)} it. */
    public long mark() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The requests logged after {@code mark}, up to the last complete line. */
    public List<AuditEvent> since(long mark) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            long size = channel.size();
            if (size <= mark) {
                return List.of();
            }
            var buffer = java.nio.ByteBuffer.allocate((int) (size - mark));
            while (buffer.hasRemaining() && channel.read(buffer, mark + buffer.position()) > 0) {
                // read on
            }
            String text = new String(buffer.array(), 0, buffer.position(), java.nio.charset.StandardCharsets.UTF_8);
            int complete = text.lastIndexOf('\n');
            return complete < 0 ? List.of() : text.substring(0, complete).lines()
                    .filter(l -> !l.isBlank()).map(AuditLog::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<AuditEvent> since(long mark, Predicate<AuditEvent> filter) {
        return since(mark).stream().filter(filter).toList();
    }

    public static Predicate<AuditEvent> byUser(String user) {
        return e -> e.user().equals(user);
    }

    private static AuditEvent parse(String line) {
        try {
            return AuditEvent.of(JSON.readTree(line));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
