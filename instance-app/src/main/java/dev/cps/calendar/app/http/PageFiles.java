package dev.cps.calendar.app.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The page: the files under {@code /public} on the classpath, read once per JVM and served from
 * memory with an ETag, so a browser revalidates with a 304. Not Jetty's resource handler: it mounts
 * the application jar as a zip file system per server and keeps an index of every entry in the jar
 * in the heap (a few MB in a pod, ~40 MB per calendar in the local stack's fat jar).
 */
final class PageFiles {

    private static final String ROOT = "/public/";
    /** File names only: no directories, no dot files, nothing that could climb out of /public. */
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]*\\.[a-z0-9]+$");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");
    /** The files found so far; only names that exist are kept, so a scan of made-up names costs no memory. */
    private static final Map<String, PageFile> FILES = new ConcurrentHashMap<>();

    private record PageFile(byte[] bytes, String contentType, String etag) {
    }

    private PageFiles() {
    }

    /** Whether this classpath has a page at all (the API works without one). */
    static boolean present() {
        return PageFiles.class.getResource(ROOT + "index.html") != null;
    }

    static void register(RoutesConfig routes) {
        routes.get("/", ctx -> serve(ctx, "index.html"));
        routes.head("/", ctx -> serve(ctx, "index.html"));
        routes.get("/{file}", ctx -> serve(ctx, ctx.pathParam("file")));
        routes.head("/{file}", ctx -> serve(ctx, ctx.pathParam("file")));
    }

    private static void serve(Context ctx, String name) {
        PageFile file = find(name).orElseThrow(NotFoundResponse::new);
        ctx.header("Cache-Control", "no-cache"); // always revalidated: a new release shows at once
        ctx.header("ETag", file.etag());
        if (file.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(file.contentType()).result(file.bytes());
    }

    private static Optional<PageFile> find(String name) {
        if (!NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        if (type == null) {
            return Optional.empty();
        }
        PageFile known = FILES.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        try (InputStream in = PageFiles.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            return Optional.of(FILES.computeIfAbsent(name, n -> new PageFile(bytes, type, etag(bytes))));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + ROOT + name, e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
