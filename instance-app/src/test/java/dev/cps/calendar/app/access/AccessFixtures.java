package dev.cps.calendar.app.access;

import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.CalendarUser;
import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceAccess;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.api.PasscodeHash;
import dev.cps.calendar.api.ViewerAccess;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.StreamEntryID;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Calendars with an access section, written to Redis as the operator writes them. */
public final class AccessFixtures {

    private AccessFixtures() {
    }

    public static String newSessionKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public static InstanceAccess passcode(String editors, ViewerAccess viewers, String viewersPasscode, String sessionKey) {
        return InstanceAccess.passcode(viewers, PasscodeHash.of(editors),
                viewersPasscode == null ? null : PasscodeHash.of(viewersPasscode), sessionKey);
    }

    /** Jack and Bonnie, 8 to 18, UTC: the config and a config-changed entry, as the operator writes them. */
    public static void provision(UnifiedJedis admin, String slug, InstanceAccess access) {
        InstanceConfig config = new InstanceConfig(slug, "Team " + slug, null, null,
                List.of(new CalendarUser("Jack", "j", null), new CalendarUser("Bonnie", "b", null)), Map.of(), "UTC",
                new BookableHours(8, 18), Instant.parse("2024-01-21T10:00:00Z"), Instant.now(), access);
        String json = ContractJson.write(config);
        InstanceKeys keys = InstanceKeys.of(slug);
        admin.set(keys.config(), json);
        admin.xadd(keys.changeFeed(), StreamEntryID.NEW_ENTRY, Map.of(ChangeFeed.TYPE, ChangeFeed.CONFIG_CHANGED, ChangeFeed.DATA, json));
    }

    /** Signs in with {@code passcode} and answers the cookie to send back, {@code name=value}. */
    public static String signedIn(dev.cps.calendar.app.TestHttp http, String passcode) {
        dev.cps.calendar.app.TestHttp.Answer answer = http.send("POST", "/api/session", "{\"passcode\":\"" + passcode + "\"}");
        if (answer.status() != 200 || answer.header("Set-Cookie") == null) {
            throw new AssertionError("sign-in failed: " + answer.status() + " " + answer.body());
        }
        return answer.header("Set-Cookie").split(";")[0];
    }

    /** A request with the session cookie (none when {@code cookie} is null). */
    public static dev.cps.calendar.app.TestHttp.Answer as(dev.cps.calendar.app.TestHttp http, String cookie, String method, String path,
                                                          String body) {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(http.uri(path))
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request);
    }
}
