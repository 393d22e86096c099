package org.katzenpost.thin.pigeonhole;

import org.katzenpost.thin.internal.Hashes;
import org.katzenpost.thin.internal.wire.WireSizes;

/**
 * BLAKE2b-256 of a serialised {@link WriteCap}: the id of a copy command, used to cancel it. Not secret (a
 * one-way hash); {@link #toString()} shows it in hex.
 */
public final class WriteCapHash extends Blob {
    /** Serialised length in bytes: {@value}. */
    public static final int LENGTH = WireSizes.HASH;

    private WriteCapHash(byte[] bytes) {
        super(bytes, LENGTH);
    }

    /**
     * Wraps a copy of existing bytes, for example a copy command id read back from storage.
     *
     * @param bytes exactly {@value #LENGTH} bytes; copied
     * @return the value
     * @throws IllegalArgumentException if {@code bytes} is null or not {@value #LENGTH} bytes long
     */
    public static WriteCapHash of(byte[] bytes) {
        return new WriteCapHash(bytes);
    }

    /**
     * Computes the hash of a write cap locally: BLAKE2b-256, 32-byte digest, no key.
     *
     * @param writeCap the cap the copy command was started with
     * @return its hash
     * @throws IllegalArgumentException if {@code writeCap} is null
     */
    public static WriteCapHash of(WriteCap writeCap) {
        if (writeCap == null) {
            throw new IllegalArgumentException("WriteCap must not be null");
        }
        return new WriteCapHash(Hashes.blake2b256(writeCap.raw()));
    }

    /**
     * Reads the text of {@link #toBase64()}; URL-safe Base64 and surrounding whitespace are accepted too.
     *
     * @param base64 Base64 of exactly {@value #LENGTH} bytes
     * @return the value
     * @throws IllegalArgumentException if the text is null, not Base64, or does not decode to {@value #LENGTH} bytes
     */
    public static WriteCapHash fromBase64(String base64) {
        return new WriteCapHash(decodeBase64(base64, "WriteCapHash"));
    }

    @Override
    boolean isSecret() {
        return false;
    }
}
