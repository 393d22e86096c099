package org.katzenpost.thin.pigeonhole;

import org.katzenpost.thin.internal.Hashes;
import org.katzenpost.thin.internal.wire.WireSizes;

/**
 * BLAKE2b-256 of a serialised {@link WriteCap}: the id of a copy command, used to cancel it. Not secret (a
 * one-way hash); {@link #toString()} shows it in hex.
 */
public final class WriteCapHash extends Blob {
    public static final int LENGTH = WireSizes.HASH;

    private WriteCapHash(byte[] bytes) {
        super(bytes, LENGTH);
    }

    public static WriteCapHash of(byte[] bytes) {
        return new WriteCapHash(bytes);
    }

    /** Computed locally, as the Python client does: {@code blake2b(write_cap, digest_size=32)}. */
    public static WriteCapHash of(WriteCap writeCap) {
        if (writeCap == null) {
            throw new IllegalArgumentException("WriteCap must not be null");
        }
        return new WriteCapHash(Hashes.blake2b256(writeCap.raw()));
    }

    public static WriteCapHash fromBase64(String base64) {
        return new WriteCapHash(decodeBase64(base64, "WriteCapHash"));
    }

    @Override
    boolean isSecret() {
        return false;
    }
}
