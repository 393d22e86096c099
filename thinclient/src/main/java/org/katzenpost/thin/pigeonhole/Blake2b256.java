package org.katzenpost.thin.pigeonhole;

import org.katzenpost.thin.internal.Hashes;

/**
 * BLAKE2b with a 32-byte digest, unkeyed: the hash Pigeonhole names things by ({@link WriteCapHash} is this hash
 * of a write cap; a courier's identity hash is this hash of its key). Libraries on top use it for ids of their
 * own, e.g. the group member id, which is this hash of a read cap (docs/groups.md#introductions-and-member-ids).
 * The same function as Go's {@code blake2b.Sum256} and Python's {@code hashlib.blake2b(data, digest_size=32)}.
 */
public final class Blake2b256 {
    /** Digest length in bytes: {@value}. */
    public static final int LENGTH = Hashes.BLAKE2B_256_LENGTH;

    private Blake2b256() {}

    /**
     * The digest of {@code data}.
     *
     * @param data the message (not modified)
     * @return a new 32-byte array
     * @throws NullPointerException if {@code data} is null
     */
    public static byte[] digest(byte[] data) {
        return Hashes.blake2b256(data);
    }
}
