package dev.cps.calendar.app.redis;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script, read from {@code .lua} files of the classpath, run by its SHA-1 ({@code EVALSHA}); when Redis does not know it (a restart, a
 * {@code SCRIPT FLUSH}, a fail-over) it is loaded and run again.
 */
final class LuaScript {

    private final String source;
    private final String sha;

    /** The files (under {@code /redis/} of the classpath) one after another, as one script. */
    static LuaScript load(String... files) {
        StringBuilder source = new StringBuilder();
        for (String file : files) {
            try (InputStream in = LuaScript.class.getResourceAsStream("/redis/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("no Lua script /redis/" + file + " on the classpath");
                }
                source.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new LuaScript(source.toString());
    }

    LuaScript(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        try {
            return redis.evalsha(sha, keys, args);
        } catch (JedisNoScriptException e) {
            // on a cluster the script is loaded where its keys are (one slot: they share the instance's hash tag)
            if (keys.isEmpty()) {
                redis.scriptLoad(source);
            } else {
                redis.scriptLoad(source, keys.get(0));
            }
            return redis.evalsha(sha, keys, args);
        }
    }

    Object run(Jedis redis, List<String> keys, List<String> args) {
        try {
            return redis.evalsha(sha, keys, args);
        } catch (JedisNoScriptException e) {
            redis.scriptLoad(source);
            return redis.evalsha(sha, keys, args);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
