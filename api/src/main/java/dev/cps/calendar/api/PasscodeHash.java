package dev.cps.calendar.api;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;

/**
 * The one slow hash of a calendar passcode: bcrypt (cost {@value #COST}), salted, so what sits in
 * Redis cannot be turned back into the passcode. The operator hashes, the app verifies.
 */
public final class PasscodeHash {

    /** 2^10 rounds: about 50-100 ms per check, which also slows down guessing. */
    static final int COST = 10;
    /** bcrypt reads at most 72 bytes; a longer passcode would be checked on its start only. */
    public static final int MAX_BYTES = 72;

    private PasscodeHash() {
    }

    public static String of(String passcode) {
        if (passcode == null || passcode.isEmpty() || bytesOf(passcode).length > MAX_BYTES) {
            throw new IllegalArgumentException("a passcode is 1 to " + MAX_BYTES + " bytes");
        }
        return BCrypt.withDefaults().hashToString(COST, passcode.toCharArray());
    }

    /** Constant time in the passcode (bcrypt compares its output in full); false for a malformed hash. */
    public static boolean matches(String passcode, String hash) {
        if (passcode == null || hash == null || bytesOf(passcode).length > MAX_BYTES) {
            return false;
        }
        try {
            return BCrypt.verifyer().verify(passcode.toCharArray(), hash.toCharArray()).verified;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static byte[] bytesOf(String passcode) {
        return passcode.getBytes(StandardCharsets.UTF_8);
    }
}
