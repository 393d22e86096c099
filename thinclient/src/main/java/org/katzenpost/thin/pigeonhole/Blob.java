package org.katzenpost.thin.pigeonhole;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.katzenpost.thin.internal.Hashes;

/**
 * Shared behaviour of the Pigeonhole value types: an immutable copy of some bytes, equality by value (constant
 * time for secrets), conversion to bytes and Base64, and a {@code toString} that never shows secret bytes.
 */
abstract class Blob {
    private static final byte[] FINGERPRINT_DOMAIN =
            "katzenpost-thin-java/fingerprint/v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] bytes;

    /** Checks the exact length (or, when {@code fixedLength} is negative, non-emptiness) and copies. */
    Blob(byte[] bytes, int fixedLength) {
        this(bytes, fixedLength, false);
    }

    /**
     * As {@link #Blob(byte[], int)}, but with {@code adopt} keeps {@code bytes} itself: for bytes just decoded from
     * a daemon reply (the decoder already copied them out of the frame) or from Base64, which nothing else holds, so
     * that they are not copied twice (docs/performance.md, "Allocation per round trip").
     */
    Blob(byte[] bytes, int fixedLength, boolean adopt) {
        if (bytes == null) {
            throw new IllegalArgumentException(typeName() + " must not be null");
        }
        if (fixedLength >= 0 && bytes.length != fixedLength) {
            throw new IllegalArgumentException(typeName() + " must be " + fixedLength + " bytes, got " + bytes.length);
        }
        this.bytes = adopt ? bytes : bytes.clone();
    }

    /** Secrets compare in constant time and print only their length and a short one-way fingerprint. */
    abstract boolean isSecret();

    final String typeName() {
        return getClass().getSimpleName();
    }

    /**
     * The bytes exactly as they go on the wire.
     *
     * @return a fresh copy
     */
    public final byte[] toBytes() {
        return bytes.clone();
    }

    /**
     * Standard Base64 (RFC 4648 section 4, with padding) of {@link #toBytes()}, for storage and configuration files.
     * For a secret value the text is as secret as the bytes.
     *
     * @return the text
     */
    public final String toBase64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * The number of bytes.
     *
     * @return the length of {@link #toBytes()}
     */
    public final int length() {
        return bytes.length;
    }

    /** The bytes without a copy, for this package's wire calls; never hand this array out. */
    final byte[] raw() {
        return bytes;
    }

    /**
     * A short one-way fingerprint: enough to tell two values apart in a log, useless for recovering them, and
     * unrelated to any hash that goes on the wire.
     *
     * @return eight hex digits of a domain-separated BLAKE2b-256 of the bytes
     */
    public final String fingerprint() {
        byte[] in = new byte[FINGERPRINT_DOMAIN.length + bytes.length];
        System.arraycopy(FINGERPRINT_DOMAIN, 0, in, 0, FINGERPRINT_DOMAIN.length);
        System.arraycopy(bytes, 0, in, FINGERPRINT_DOMAIN.length, bytes.length);
        return HexFormat.of().formatHex(Hashes.blake2b256(in), 0, 4);
    }

    @Override
    public final boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        byte[] other = ((Blob) o).bytes;
        return isSecret() ? MessageDigest.isEqual(bytes, other) : Arrays.equals(bytes, other);
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Secrets: {@code WriteCap(168 bytes, fp 1a2b3c4d)}; public values: the type and the hex bytes. */
    @Override
    public String toString() {
        if (isSecret()) {
            return typeName() + "(" + bytes.length + " bytes, fp " + fingerprint() + ")";
        }
        return typeName() + "(" + HexFormat.of().formatHex(bytes) + ")";
    }

    static byte[] decodeBase64(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(what + " Base64 text must not be null");
        }
        String t = text.strip();
        try {
            if (t.indexOf('-') >= 0 || t.indexOf('_') >= 0) {
                return Base64.getUrlDecoder().decode(t);
            }
            return Base64.getDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            // Never echo the text: it may be a secret.
            throw new IllegalArgumentException(what + ": not valid Base64 (" + t.length() + " characters)");
        }
    }
}
