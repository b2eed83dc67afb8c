package dev.cps.calendar.app;

import dev.cps.calendar.api.AppEnvironment;
import dev.cps.calendar.api.Slug;

import java.util.Map;
import java.util.Optional;

/**
 * How an app process is set up, from its environment: {@code INSTANCE_SLUG} (default
 * {@value #DEFAULT_SLUG}), {@code REDIS_URL} (unset: in-memory demo), {@code PORT} (default 8080;
 * 0 takes any free port), {@code METRICS_PORT} (default 9090, the private port of {@code /metrics})
 * and {@code BIND_ADDRESS} (default: every interface, as in a pod; the local stack uses loopback).
 */
public record AppSettings(String slug, Optional<String> redisUrl, int port, int metricsPort, Optional<String> bindAddress) {

    public static final String DEFAULT_SLUG = "demo";

    public AppSettings {
        Slug.requireValid(slug);
        redisUrl = redisUrl == null ? Optional.empty() : redisUrl.filter(url -> !url.isBlank());
        bindAddress = bindAddress == null ? Optional.empty() : bindAddress.map(String::trim).filter(a -> !a.isEmpty());
        requirePort(AppEnvironment.PORT, port);
        requirePort(AppEnvironment.METRICS_PORT, metricsPort);
        if (port == metricsPort && port != 0) {
            throw new IllegalArgumentException("METRICS_PORT must differ from PORT, both are " + port);
        }
    }

    public AppSettings(String slug, Optional<String> redisUrl, int port, int metricsPort) {
        this(slug, redisUrl, port, metricsPort, Optional.empty());
    }

    /** Metrics on any free port: for tests and the local stack, which read {@link InstanceApp#metricsPort()}. */
    public AppSettings(String slug, Optional<String> redisUrl, int port) {
        this(slug, redisUrl, port, 0);
    }

    public static AppSettings fromEnvironment(Map<String, String> env) {
        String slug = env.getOrDefault(AppEnvironment.INSTANCE_SLUG, "");
        return new AppSettings(slug.isBlank() ? DEFAULT_SLUG : slug.trim(),
                Optional.ofNullable(env.get(AppEnvironment.REDIS_URL)),
                port(env, AppEnvironment.PORT, AppEnvironment.DEFAULT_PORT),
                port(env, AppEnvironment.METRICS_PORT, AppEnvironment.DEFAULT_METRICS_PORT),
                Optional.ofNullable(env.get(AppEnvironment.BIND_ADDRESS)));
    }

    private static int port(Map<String, String> env, String name, int defaultPort) {
        String port = env.getOrDefault(name, "");
        try {
            return port.isBlank() ? defaultPort : Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got \"" + port + "\"");
        }
    }

    /** A whole number from the environment, {@code otherwise} when unset; a clear error when it is not one. */
    public static long wholeNumber(Map<String, String> env, String name, long otherwise) {
        String value = env.getOrDefault(name, "").trim();
        if (value.isEmpty()) {
            return otherwise;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got \"" + value + "\"");
        }
    }

    private static void requirePort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 0-65535, got " + port);
        }
    }

    public boolean inMemory() {
        return redisUrl.isEmpty();
    }
}
