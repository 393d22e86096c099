package org.katzenpost.thin.pigeonhole;

import org.katzenpost.thin.internal.wire.WireSizes;

/**
 * The daemon's 32-byte hash of a courier envelope: the id of one {@code start_resending_encrypted_message}
 * operation, used to cancel it. Not secret; {@link #toString()} shows it in hex.
 */
public final class EnvelopeHash extends Blob {
    /** Serialised length in bytes: {@value}. */
    public static final int LENGTH = WireSizes.HASH;

    private EnvelopeHash(byte[] bytes, boolean adopt) {
        super(bytes, LENGTH, adopt);
    }

    /** A value over bytes just decoded (from a daemon reply or Base64), without copying them (see {@code Blob}). */
    static EnvelopeHash adopt(byte[] decoded) {
        return new EnvelopeHash(decoded, true);
    }

    /**
     * Wraps a copy of existing bytes, for example an envelope hash read back from storage.
     *
     * @param bytes exactly {@value #LENGTH} bytes; copied
     * @return the value
     * @throws IllegalArgumentException if {@code bytes} is null or not {@value #LENGTH} bytes long
     */
    public static EnvelopeHash of(byte[] bytes) {
        return new EnvelopeHash(bytes, false);
    }

    /**
     * Reads the text of {@link #toBase64()}; URL-safe Base64 and surrounding whitespace are accepted too.
     *
     * @param base64 Base64 of exactly {@value #LENGTH} bytes
     * @return the value
     * @throws IllegalArgumentException if the text is null, not Base64, or does not decode to {@value #LENGTH} bytes
     */
    public static EnvelopeHash fromBase64(String base64) {
        return adopt(decodeBase64(base64, "EnvelopeHash")); // a fresh array, which nothing else holds
    }

    @Override
    boolean isSecret() {
        return false;
    }
}
