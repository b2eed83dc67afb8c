package dev.cps.calendar.operator.access;

import dev.cps.calendar.api.AccessMode;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceAccess;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.api.PasscodeHash;
import dev.cps.calendar.api.ViewerAccess;
import dev.cps.calendar.operator.customresource.AccessSpec;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.status.Conditions;
import dev.cps.calendar.operator.testing.Calendars;
import dev.cps.calendar.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may open a calendar, as the operator sets it up on the mock API server and a real Redis: a new
 * calendar is passcode-protected with nothing asked, the passcode lives in its Secret and only its
 * hash in Redis, and a changed passcode is a new hash.
 */
class CalendarAccessTest {

    private static OperatorHarness harness;

    @BeforeAll
    static void startOperator() {
        harness = OperatorHarness.start();
    }

    @AfterAll
    static void stopOperator() {
        harness.close();
    }

    private static Secret awaitSecret(String namespace, String name) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> harness.client().secrets().inNamespace(namespace).withName(name).get(), s -> s != null);
    }

    private static Optional<String> value(Secret secret, String key) {
        return AccessSecretData.valueIn(secret, key);
    }

    private static InstanceAccess storedAccess(String slug) {
        try (Jedis admin = harness.admin()) {
            String json = admin.get(InstanceKeys.of(slug).config());
            return json == null ? null : ContractJson.readConfig(json).access();
        }
    }

    private static String storedJson(String slug) {
        try (Jedis admin = harness.admin()) {
            return admin.get(InstanceKeys.of(slug).config());
        }
    }

    private static CalendarInstance withAccess(CalendarInstance instance, AccessMode mode, ViewerAccess viewers, String passcodeSecret) {
        AccessSpec access = new AccessSpec();
        access.setMode(mode);
        access.setViewers(viewers);
        access.setPasscodeSecret(passcodeSecret);
        instance.getSpec().setAccess(access);
        return instance;
    }

    @Test
    void aNewCalendarIsProtectedByAGeneratedPasscodeWhoseHashAloneIsInRedis() {
        harness.create(Calendars.jackAndBonnie("access-a", "eclipse"));

        Secret secret = awaitSecret("access-a", "eclipse-access");
        String passcode = value(secret, AccessSecretData.PASSCODE).orElseThrow();
        assertThat(passcode).matches("[a-z2-9]{4}(-[a-z2-9]{4}){3}");
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getKind()).isEqualTo("CalendarInstance"));

        InstanceAccess access = await().until(() -> storedAccess("eclipse"), a -> a != null);
        assertThat(access.mode()).isEqualTo(AccessMode.Passcode);
        assertThat(access.viewers()).isEqualTo(ViewerAccess.None);
        assertThat(PasscodeHash.matches(passcode, access.passcodeHash())).isTrue();
        assertThat(PasscodeHash.matches("something-else", access.passcodeHash())).isFalse();
        assertThat(access.sessionKey()).isEqualTo(value(secret, AccessSecretData.SESSION_KEY).orElseThrow());
        assertThat(storedJson("eclipse")).as("the passcode itself is never in Redis").doesNotContain(passcode);

        String before = storedJson("eclipse");
        harness.edit("access-a", "eclipse", instance -> instance.getSpec().setReplicas(2)); // a reconcile, same config
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.client().apps().deployments().inNamespace("access-a")
                .withName("eclipse").get().getSpec().getReplicas() == 2);
        assertThat(storedJson("eclipse")).as("a reconcile keeps the hash: the config is not rewritten").isEqualTo(before);
    }

    @Test
    void editingThePasscodeInTheSecretWritesANewHashAndKeepsTheSessionKey() {
        harness.create(Calendars.jackAndBonnie("access-b", "rotating"));
        Secret secret = awaitSecret("access-b", "rotating-access");
        InstanceAccess first = await().until(() -> storedAccess("rotating"), a -> a != null);

        harness.client().secrets().inNamespace("access-b").withName("rotating-access").edit(s -> {
            s.getData().put(AccessSecretData.PASSCODE, Base64.getEncoder().encodeToString("our-new-passcode".getBytes(StandardCharsets.UTF_8)));
            return s;
        });

        InstanceAccess rotated = await().atMost(Duration.ofSeconds(20))
                .until(() -> storedAccess("rotating"), a -> !a.passcodeHash().equals(first.passcodeHash()));
        assertThat(PasscodeHash.matches("our-new-passcode", rotated.passcodeHash())).isTrue();
        assertThat(rotated.sessionKey()).isEqualTo(first.sessionKey());
        assertThat(value(harness.client().secrets().inNamespace("access-b").withName("rotating-access").get(),
                AccessSecretData.PASSCODE)).as("the operator keeps the edited passcode").contains("our-new-passcode");
        assertThat(value(secret, AccessSecretData.PASSCODE)).isNotEqualTo(Optional.of("our-new-passcode"));
    }

    @Test
    void viewersWithAPasscodeGetASecondGeneratedOne() {
        harness.create(withAccess(Calendars.jackAndBonnie("access-c", "lookers"), null, ViewerAccess.Passcode, null));

        Secret secret = await().atMost(Duration.ofSeconds(20)).until(() -> harness.client().secrets().inNamespace("access-c")
                .withName("lookers-access").get(), s -> s != null && s.getData().containsKey(AccessSecretData.VIEWER_PASSCODE));
        InstanceAccess access = await().until(() -> storedAccess("lookers"), a -> a != null && a.viewerPasscodeHash() != null);

        assertThat(access.viewers()).isEqualTo(ViewerAccess.Passcode);
        assertThat(PasscodeHash.matches(value(secret, AccessSecretData.VIEWER_PASSCODE).orElseThrow(), access.viewerPasscodeHash())).isTrue();
        assertThat(value(secret, AccessSecretData.VIEWER_PASSCODE)).isNotEqualTo(value(secret, AccessSecretData.PASSCODE));
    }

    @Test
    void aPublicCalendarSaysPublicInItsConfigAndItsAccessSecretHoldsNoPasscode() {
        harness.create(withAccess(Calendars.jackAndBonnie("access-d", "open"), AccessMode.Public, null, null));

        InstanceAccess access = await().atMost(Duration.ofSeconds(20)).until(() -> storedAccess("open"), a -> a != null);
        assertThat(access.mode()).isEqualTo(AccessMode.Public);
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.client().apps().deployments().inNamespace("access-d")
                .withName("open").get() != null);
        assertThat(awaitSecret("access-d", "open-access").getData()).containsOnlyKeys(AccessSecretData.SESSION_KEY,
                AccessSecretData.FEED_TOKEN);
    }

    @Test
    void theUsersOwnPasscodeSecretIsUsedAndAMissingOneStallsWithAMessage() {
        harness.create(withAccess(Calendars.jackAndBonnie("access-e", "theirs"), AccessMode.Passcode, null, "theirs-passcodes"));

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            var status = harness.get("access-e", "theirs").getStatus();
            return status != null && Conditions.isTrue(status.getConditions(), Conditions.STALLED)
                    && Conditions.find(status.getConditions(), Conditions.STALLED).orElseThrow().getMessage()
                    .contains("there is no Secret theirs-passcodes");
        });

        harness.client().secrets().inNamespace("access-e").resource(new SecretBuilder().withNewMetadata()
                .withName("theirs-passcodes").withNamespace("access-e").endMetadata()
                .withData(Map.of(AccessSecretData.PASSCODE, Base64.getEncoder().encodeToString("chosen-by-us".getBytes(StandardCharsets.UTF_8))))
                .build()).create();
        harness.edit("access-e", "theirs", instance -> instance.getSpec().setSubtitle("with our passcode"));

        InstanceAccess access = await().atMost(Duration.ofSeconds(20)).until(() -> storedAccess("theirs"), a -> a != null);
        assertThat(PasscodeHash.matches("chosen-by-us", access.passcodeHash())).isTrue();
        Secret owned = awaitSecret("access-e", "theirs-access");
        assertThat(owned.getData()).as("only the session key and feed token: the passcode stays in their Secret")
                .containsOnlyKeys(AccessSecretData.SESSION_KEY, AccessSecretData.FEED_TOKEN);
    }

    /** An edit while the operator writes the status may meet a 409: the edit is tried again, as kubectl edit would be. */
    private static void editAgainOnConflict(String namespace, String name, java.util.function.Consumer<CalendarInstance> change) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            harness.edit(namespace, name, change);
            return true;
        });
    }

    @Test
    void aFeedTokenIsGeneratedIntoTheSecretAndTheConfigAndARotationReplacesIt() {
        harness.create(Calendars.jackAndBonnie("feeds-a", "subscribed"));
        Secret secret = awaitSecret("feeds-a", "subscribed-access");
        String token = await().atMost(Duration.ofSeconds(20)).until(() -> value(harness.client().secrets().inNamespace("feeds-a")
                .withName("subscribed-access").get(), AccessSecretData.FEED_TOKEN), Optional::isPresent).orElseThrow();
        assertThat(token).matches("[A-Za-z0-9_-]{43}").as("256 bits, URL-safe");
        assertThat(value(secret, AccessSecretData.FEED_TOKEN_ROTATION)).isEmpty();
        assertThat(await().until(() -> storedAccess("subscribed"), a -> a != null).feedToken()).isEqualTo(token);

        editAgainOnConflict("feeds-a", "subscribed", instance -> instance.getSpec().setFeedTokenRotation("2026-12-02"));

        InstanceAccess rotated = await().atMost(Duration.ofSeconds(20))
                .until(() -> storedAccess("subscribed"), a -> a != null && a.feedToken() != null && !a.feedToken().equals(token));
        Secret after = harness.client().secrets().inNamespace("feeds-a").withName("subscribed-access").get();
        assertThat(value(after, AccessSecretData.FEED_TOKEN)).contains(rotated.feedToken());
        assertThat(value(after, AccessSecretData.FEED_TOKEN_ROTATION)).contains("2026-12-02");
        assertThat(rotated.passcodeHash()).as("the passcode is untouched").isNotNull();

        String settled = storedJson("subscribed");
        editAgainOnConflict("feeds-a", "subscribed", instance -> instance.getSpec().setReplicas(2)); // a reconcile, same rotation
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.client().apps().deployments().inNamespace("feeds-a")
                .withName("subscribed").get().getSpec().getReplicas() == 2);
        assertThat(storedJson("subscribed")).as("the same rotation keeps the token").isEqualTo(settled);
    }

    @Test
    void aPublicCalendarHasAFeedTokenToo() {
        harness.create(withAccess(Calendars.jackAndBonnie("feeds-b", "open-feed"), AccessMode.Public, null, null));
        InstanceAccess access = await().atMost(Duration.ofSeconds(20)).until(() -> storedAccess("open-feed"), a -> a != null);
        assertThat(access.mode()).isEqualTo(AccessMode.Public);
        assertThat(access.feedToken()).isEqualTo(value(awaitSecret("feeds-b", "open-feed-access"), AccessSecretData.FEED_TOKEN)
                .orElseThrow());
    }

    @Test
    void theHistoryRetentionIsSeededIntoTheConfigWithItsDefault() {
        harness.create(Calendars.jackAndBonnie("history-a", "kept"));
        await().atMost(Duration.ofSeconds(20)).until(() -> storedJson("kept"), json -> json != null);
        assertThat(ContractJson.readConfig(storedJson("kept")).historyRetentionDays())
                .isEqualTo(dev.cps.calendar.api.InstanceConfig.DEFAULT_HISTORY_RETENTION_DAYS);

        editAgainOnConflict("history-a", "kept", instance -> instance.getSpec().setHistoryRetentionDays(30));

        await().atMost(Duration.ofSeconds(20)).until(() -> ContractJson.readConfig(storedJson("kept")).historyRetentionDays() == 30);
    }
}
