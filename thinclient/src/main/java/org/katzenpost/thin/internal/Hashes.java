package org.katzenpost.thin.internal;

import java.util.Objects;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/** Hash functions the thin protocol needs (BouncyCastle's lightweight API, no JCA provider registration). */
public final class Hashes {
    /** Size in bytes of a BLAKE2b-256 digest. */
    public static final int BLAKE2B_256_LENGTH = 32;

    private Hashes() {}

    /**
     * Unkeyed BLAKE2b with a 32-byte digest, as Go's {@code blake2b.Sum256} and Python's
     * {@code hashlib.blake2b(data, digest_size=32)}: node id hashes, write-cap hashes, authority key ids.
     */
    public static byte[] blake2b256(byte[] data) {
        Objects.requireNonNull(data, "data");
        Blake2bDigest d = new Blake2bDigest(256);
        d.update(data, 0, data.length);
        byte[] out = new byte[BLAKE2B_256_LENGTH];
        d.doFinal(out, 0);
        return out;
    }
}
