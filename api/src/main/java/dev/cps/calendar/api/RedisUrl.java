package dev.cps.calendar.api;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where Redis is: how the operator is told, and how it tells each app ({@link AppEnvironment#REDIS_URL},
 * with the instance's own user). One server, {@code redis[s]://[user:password@]host[:port][/database]},
 * or a Redis Cluster, {@code redis[s]-cluster://[user:password@]host[:port],host[:port],...}: the seed
 * nodes the client learns the cluster from (a cluster has database 0 only). {@code user} and
 * {@code password} are null when the URL has none; a port defaults to 6379.
 */
public record RedisUrl(boolean tls, boolean cluster, List<Node> nodes, String user, String password, int database) {

    public static final int DEFAULT_PORT = 6379;
    private static final String FORMS = "redis://[user:password@]host:port, rediss://..., "
            + "redis-cluster://[user:password@]host:port,host:port,... or rediss-cluster://...";

    /** One server of the URL. */
    public record Node(String host, int port) {
        public String hostPort() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    public RedisUrl {
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a Redis URL needs at least one host");
        }
        if (!cluster && nodes.size() > 1) {
            throw new IllegalArgumentException("a single-server Redis URL has one host; a cluster's starts with redis-cluster://");
        }
    }

    /** One server. */
    public RedisUrl(boolean tls, String host, int port, String user, String password, int database) {
        this(tls, false, List.of(new Node(host, port)), user, password, database);
    }

    /** @param setting the name the value came from, for the error message (e.g. {@code REDIS_URL}) */
    public static RedisUrl parse(String value, String setting) {
        String trimmed = value == null ? "" : value.trim();
        int schemeEnd = trimmed.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : trimmed.substring(0, schemeEnd);
        return switch (scheme) {
            case "redis", "rediss" -> parseServer(trimmed, setting);
            case "redis-cluster", "rediss-cluster" -> parseCluster(trimmed, scheme, setting);
            default -> throw new IllegalArgumentException(setting + " must start with redis://, rediss://, redis-cluster:// or "
                    + "rediss-cluster://, got " + value);
        };
    }

    private static RedisUrl parseServer(String value, String setting) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(setting + " is not a URL (" + e.getReason() + "): " + FORMS);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(setting + " has no host: redis://[user:password@]host:port, got " + value);
        }
        String[] credentials = credentials(uri.getRawUserInfo());
        String path = uri.getPath();
        int database;
        try {
            database = path == null || path.length() <= 1 ? 0 : Integer.parseInt(path.substring(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting + " names a database that is not a number: " + path.substring(1));
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new RedisUrl("rediss".equals(uri.getScheme()), host, uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT,
                credentials[0], credentials[1], database);
    }

    private static RedisUrl parseCluster(String value, String scheme, String setting) {
        String rest = value.substring(scheme.length() + "://".length());
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String path = rest.substring(slash);
            if (!path.equals("/") && !path.equals("/0")) {
                throw new IllegalArgumentException(setting + ": a Redis Cluster has database 0 only, got " + path
                        + " in " + redacted(scheme, rest));
            }
            rest = rest.substring(0, slash);
        }
        int at = rest.lastIndexOf('@');
        String[] credentials = credentials(at < 0 ? null : rest.substring(0, at));
        String hostList = rest.substring(at + 1);
        List<Node> nodes = new ArrayList<>();
        for (String part : hostList.split(",", -1)) {
            nodes.add(node(part.trim(), setting, redacted(scheme, rest)));
        }
        if (nodes.stream().distinct().count() < nodes.size()) {
            throw new IllegalArgumentException(setting + " names a node twice: " + redacted(scheme, rest));
        }
        return new RedisUrl(scheme.startsWith("rediss"), true, nodes, credentials[0], credentials[1], 0);
    }

    private static Node node(String part, String setting, String shown) {
        if (part.isEmpty()) {
            throw new IllegalArgumentException(setting + " has an empty host in its list (host:port,host:port): " + shown);
        }
        String host;
        String port;
        if (part.startsWith("[")) {
            int close = part.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException(setting + " has an unclosed [ in host " + part + ": " + shown);
            }
            host = part.substring(1, close);
            port = part.length() > close + 1 && part.charAt(close + 1) == ':' ? part.substring(close + 2) : null;
        } else {
            int colon = part.indexOf(':');
            host = colon < 0 ? part : part.substring(0, colon);
            port = colon < 0 ? null : part.substring(colon + 1);
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9._:-]+")) {
            throw new IllegalArgumentException(setting + " has a host that is not one: \"" + part + "\" in " + shown);
        }
        if (port == null) {
            return new Node(host, DEFAULT_PORT);
        }
        try {
            int number = Integer.parseInt(port);
            if (number >= 1 && number <= 65535) {
                return new Node(host, number);
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(setting + " has a port that is not one (1-65535): \"" + part + "\" in " + shown);
    }

    /** {@code [user, password]}: a lone value is the password, an empty user none. */
    private static String[] credentials(String userInfo) {
        if (userInfo == null || userInfo.isEmpty()) {
            return new String[] {null, null};
        }
        int colon = userInfo.indexOf(':');
        if (colon < 0) {
            return new String[] {null, decode(userInfo)};
        }
        return new String[] {colon == 0 ? null : decode(userInfo.substring(0, colon)), decode(userInfo.substring(colon + 1))};
    }

    /** A URL as shown in an error: never with its password. */
    private static String redacted(String scheme, String rest) {
        int at = rest.lastIndexOf('@');
        return scheme + "://" + (at < 0 ? "" : "***@") + rest.substring(at + 1);
    }

    /** The first (for one server, the only) node. */
    public String host() {
        return nodes.get(0).host();
    }

    /** The first (for one server, the only) node's port. */
    public int port() {
        return nodes.get(0).port();
    }

    /** The same server or cluster, no credentials, database 0. */
    public RedisUrl endpoint() {
        return new RedisUrl(tls, cluster, nodes, null, null, 0);
    }

    public RedisUrl withCredentials(String user, String password) {
        return new RedisUrl(tls, cluster, nodes, user, password, database);
    }

    /** {@code host:port}, or a cluster's {@code host:port,host:port,...}. */
    public String hostPort() {
        return nodes.stream().map(Node::hostPort).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        StringBuilder url = new StringBuilder(tls ? "rediss" : "redis").append(cluster ? "-cluster://" : "://");
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
