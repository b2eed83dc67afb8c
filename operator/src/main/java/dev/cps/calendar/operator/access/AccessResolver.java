package dev.cps.calendar.operator.access;

import dev.cps.calendar.api.AccessMode;
import dev.cps.calendar.api.InstanceAccess;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.api.PasscodeHash;
import dev.cps.calendar.api.ViewerAccess;
import dev.cps.calendar.operator.customresource.AccessSpec;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import io.fabric8.kubernetes.api.model.Secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Resolves {@code spec.access} into the config's access section. Passcodes are generated once and read
 * back from {@code <slug>-access} (or taken from the user's {@code passcodeSecret}); the stored hash is
 * reused while it still matches, so a resync writes nothing and a changed passcode writes a new hash,
 * which ends every session signed for the old one.
 */
public final class AccessResolver {

    /** stored hash -> SHA-256 of the passcode it was checked against: bcrypt once per passcode, not per resync. */
    private final Map<String, String> verified = new ConcurrentHashMap<>();

    /** Thrown when the spec names a passcode Secret that is not there (a status the user can act on). */
    public static final class MissingPasscodeSecret extends RuntimeException {
        public MissingPasscodeSecret(String message) {
            super(message);
        }
    }

    /**
     * @param owned         the current {@code <slug>-access}, if it exists
     * @param secretByName  reads a Secret of the instance's namespace (for {@code passcodeSecret})
     * @param stored        the config now in Redis, whose hashes may be reused
     */
    public AccessPlan resolve(CalendarInstance instance, Optional<Secret> owned, Function<String, Optional<Secret>> secretByName,
                              Optional<InstanceConfig> stored) {
        AccessSpec spec = instance.getSpec().getAccess();
        AccessMode mode = AccessSpec.modeOf(spec);
        String sessionKey = owned.flatMap(s -> AccessSecretData.valueIn(s, AccessSecretData.SESSION_KEY))
                .orElseGet(AccessSecretData::newSessionKey);
        Optional<String> rotation = Optional.ofNullable(instance.getSpec().getFeedTokenRotation()).map(String::trim)
                .filter(r -> !r.isEmpty());
        String feedToken = feedToken(owned, rotation);
        if (mode != AccessMode.Passcode) {
            // the Secret stays (the operator deletes nothing) and keeps a passcode for a switch back to Passcode
            AccessSecretData kept = new AccessSecretData(
                    owned.flatMap(s -> AccessSecretData.valueIn(s, AccessSecretData.PASSCODE)),
                    owned.flatMap(s -> AccessSecretData.valueIn(s, AccessSecretData.VIEWER_PASSCODE)), sessionKey,
                    feedToken, rotation);
            InstanceAccess access = (mode == AccessMode.Public ? InstanceAccess.PUBLIC
                    : InstanceAccess.external(AccessSpec.userHeaderOf(spec))).withFeedToken(feedToken);
            return new AccessPlan(access, Optional.of(kept));
        }
        ViewerAccess viewers = AccessSpec.viewersOf(spec);
        Optional<String> passcode;
        Optional<String> viewerPasscode;
        AccessSecretData secret;
        if (spec != null && spec.getPasscodeSecret() != null) {
            String name = spec.getPasscodeSecret();
            Secret theirs = secretByName.apply(name).orElseThrow(() -> new MissingPasscodeSecret(
                    "access.passcodeSecret: there is no Secret " + name + " in namespace " + instance.getMetadata().getNamespace()));
            passcode = Optional.of(AccessSecretData.valueIn(theirs, AccessSecretData.PASSCODE).orElseThrow(() ->
                    new MissingPasscodeSecret("access.passcodeSecret: Secret " + name + " has no key " + AccessSecretData.PASSCODE)));
            viewerPasscode = viewers != ViewerAccess.Passcode ? Optional.empty()
                    : Optional.of(AccessSecretData.valueIn(theirs, AccessSecretData.VIEWER_PASSCODE).orElseThrow(() ->
                    new MissingPasscodeSecret("access.passcodeSecret: Secret " + name + " has no key "
                            + AccessSecretData.VIEWER_PASSCODE + " (viewers: Passcode needs it)")));
            secret = new AccessSecretData(Optional.empty(), Optional.empty(), sessionKey, feedToken, rotation);
        } else {
            passcode = Optional.of(owned.flatMap(s -> AccessSecretData.valueIn(s, AccessSecretData.PASSCODE))
                    .orElseGet(AccessSecretData::newPasscode));
            viewerPasscode = viewers != ViewerAccess.Passcode ? Optional.empty()
                    : Optional.of(owned.flatMap(s -> AccessSecretData.valueIn(s, AccessSecretData.VIEWER_PASSCODE))
                    .orElseGet(AccessSecretData::newPasscode));
            secret = new AccessSecretData(passcode, viewerPasscode, sessionKey, feedToken, rotation);
        }
        InstanceAccess before = stored.map(InstanceConfig::accessOrPublic).orElse(InstanceAccess.PUBLIC);
        String passcodeHash = hashOf(passcode.get(), before.passcodeHash());
        String viewerHash = viewerPasscode.map(p -> hashOf(p, before.viewerPasscodeHash())).orElse(null);
        return new AccessPlan(InstanceAccess.passcode(viewers, passcodeHash, viewerHash, sessionKey).withFeedToken(feedToken),
                Optional.of(secret));
    }

    /** The token in the Secret while it was made for the rotation the spec asks for; else a new one. */
    private static String feedToken(Optional<Secret> owned, Optional<String> rotation) {
        Optional<String> current = owned.flatMap(s -> AccessSecretData.valueIn(s, AccessSecretData.FEED_TOKEN));
        Optional<String> madeFor = owned.flatMap(s -> AccessSecretData.valueIn(s, AccessSecretData.FEED_TOKEN_ROTATION));
        return current.filter(token -> madeFor.equals(rotation)).orElseGet(AccessSecretData::newFeedToken);
    }

    private String hashOf(String passcode, String storedHash) {
        String fingerprint = sha256(passcode);
        if (storedHash != null && (fingerprint.equals(verified.get(storedHash)) || PasscodeHash.matches(passcode, storedHash))) {
            verified.put(storedHash, fingerprint);
            return storedHash;
        }
        String hash = PasscodeHash.of(passcode);
        verified.put(hash, fingerprint);
        return hash;
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
