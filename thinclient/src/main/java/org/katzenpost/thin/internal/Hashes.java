package org.katzenpost.thin.internal;

import java.util.Objects;

/** Hash functions the thin protocol needs (our own {@link Blake2b}; no cryptography provider). */
public final class Hashes {
    /** Size in bytes of a BLAKE2b-256 digest. */
    public static final int BLAKE2B_256_LENGTH = 32;

    private Hashes() {}

    /**
     * Unkeyed BLAKE2b with a 32-byte digest, as Go's {@code blake2b.Sum256} and Python's
     * {@code hashlib.blake2b(data, digest_size=32)}: node id hashes, write-cap hashes, authority key ids.
     *
     * @param data the message
     * @return the 32-byte digest
     * @throws NullPointerException if {@code data} is null
     */
    public static byte[] blake2b256(byte[] data) {
        Objects.requireNonNull(data, "data");
        return Blake2b.hash(BLAKE2B_256_LENGTH, data);
    }
}
