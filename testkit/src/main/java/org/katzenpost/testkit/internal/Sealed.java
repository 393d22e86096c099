package org.katzenpost.testkit.internal;

import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * Authenticated "encryption" under a secret only the simulator holds: nonce (16) ‖ body XOR keystream ‖ tag
 * (32). Keeps plaintext out of the bytes handed to clients and lets the simulator detect bytes it did not
 * make.
 */
final class Sealed {
    static final int NONCE = 16;
    static final int TAG = 32;
    static final int OVERHEAD = NONCE + TAG;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Sealed() {}

    static byte[] seal(byte[] secret, String label, byte[] body) {
        byte[] out = new byte[NONCE + body.length + TAG];
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, 0, NONCE);
        System.arraycopy(body, 0, out, NONCE, body.length);
        SimHash.xor(SimHash.h(label + "/ks", secret, nonce), out, NONCE, body.length);
        byte[] tag = tag(secret, label, out, NONCE + body.length);
        System.arraycopy(tag, 0, out, NONCE + body.length, TAG);
        return out;
    }

    /** The body, or null if {@code sealed} is too short or was not made by {@link #seal} with this secret. */
    static byte[] open(byte[] secret, String label, byte[] sealed, int off, int len) {
        if (len < OVERHEAD) {
            return null;
        }
        byte[] copy = new byte[len];
        System.arraycopy(sealed, off, copy, 0, len);
        int bodyLen = len - OVERHEAD;
        byte[] expected = tag(secret, label, copy, NONCE + bodyLen);
        byte[] got = new byte[TAG];
        System.arraycopy(copy, NONCE + bodyLen, got, 0, TAG);
        if (!MessageDigest.isEqual(expected, got)) {
            return null;
        }
        byte[] nonce = new byte[NONCE];
        System.arraycopy(copy, 0, nonce, 0, NONCE);
        byte[] body = new byte[bodyLen];
        System.arraycopy(copy, NONCE, body, 0, bodyLen);
        SimHash.xor(SimHash.h(label + "/ks", secret, nonce), body, 0, bodyLen);
        return body;
    }

    private static byte[] tag(byte[] secret, String label, byte[] data, int len) {
        byte[] d = new byte[len];
        System.arraycopy(data, 0, d, 0, len);
        return SimHash.h(label + "/tag", secret, d);
    }
}
