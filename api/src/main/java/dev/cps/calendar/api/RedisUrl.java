package dev.cps.calendar.api;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code redis[s]://[user:password@]host[:port][/database]}: how the operator is told where Redis
 * is, and how it tells each app ({@link AppEnvironment#REDIS_URL}, with the instance's own user).
 * {@code user} and {@code password} are null when the URL has none; the port defaults to 6379.
 */
public record RedisUrl(boolean tls, String host, int port, String user, String password, int database) {

    public static final int DEFAULT_PORT = 6379;

    /** @param setting the name the value came from, for the error message (e.g. {@code REDIS_URL}) */
    public static RedisUrl parse(String value, String setting) {
        URI uri = URI.create(value.trim());
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException(setting + " must start with redis:// or rediss://, got " + value);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(setting + " has no host: redis://[user:password@]host:port, got " + value);
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                password = decode(userInfo);
            } else {
                user = colon == 0 ? null : decode(userInfo.substring(0, colon));
                password = decode(userInfo.substring(colon + 1));
            }
        }
        String path = uri.getPath();
        int database = path == null || path.length() <= 1 ? 0 : Integer.parseInt(path.substring(1));
        return new RedisUrl("rediss".equals(scheme), uri.getHost(), uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT,
                user, password, database);
    }

    /** The same server, no credentials, database 0. */
    public RedisUrl endpoint() {
        return new RedisUrl(tls, host, port, null, null, 0);
    }

    public RedisUrl withCredentials(String user, String password) {
        return new RedisUrl(tls, host, port, user, password, database);
    }

    public String hostPort() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        StringBuilder url = new StringBuilder(tls ? "rediss://" : "redis://");
        if (password != null) {
            url.append(user == null ? "" : encode(user)).append(':').append(encode(password)).append('@');
        }
        url.append(hostPort());
        if (database != 0) {
            url.append('/').append(database);
        }
        return url.toString();
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
