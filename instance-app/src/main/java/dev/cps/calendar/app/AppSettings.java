package dev.cps.calendar.app;

import dev.cps.calendar.api.AppEnvironment;
import dev.cps.calendar.api.Slug;

import java.util.Map;
import java.util.Optional;

/**
 * How an app process is set up, from its environment: {@code INSTANCE_SLUG} (default
 * {@value #DEFAULT_SLUG}), {@code REDIS_URL} (unset: in-memory demo), {@code PORT} (default 8080;
 * 0 takes any free port).
 */
public record AppSettings(String slug, Optional<String> redisUrl, int port) {

    public static final String DEFAULT_SLUG = "demo";

    public AppSettings {
        Slug.requireValid(slug);
        redisUrl = redisUrl == null ? Optional.empty() : redisUrl.filter(url -> !url.isBlank());
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("PORT must be 0-65535, got " + port);
        }
    }

    public static AppSettings fromEnvironment(Map<String, String> env) {
        String slug = env.getOrDefault(AppEnvironment.INSTANCE_SLUG, "");
        String port = env.getOrDefault(AppEnvironment.PORT, "");
        int parsedPort;
        try {
            parsedPort = port.isBlank() ? AppEnvironment.DEFAULT_PORT : Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PORT must be a number, got \"" + port + "\"");
        }
        return new AppSettings(slug.isBlank() ? DEFAULT_SLUG : slug.trim(),
                Optional.ofNullable(env.get(AppEnvironment.REDIS_URL)), parsedPort);
    }

    public boolean inMemory() {
        return redisUrl.isEmpty();
    }
}
