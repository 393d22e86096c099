package org.katzenpost.thin.pigeonhole;

import org.katzenpost.thin.internal.wire.WireSizes;

/**
 * A BACAP write capability (168 bytes): lets its holder write, sign and tombstone every box of one stream.
 * <strong>Secret.</strong> Keep it to the writer; give readers the matching {@link ReadCap}. {@link #toString()}
 * shows only the length and a fingerprint. Treat the bytes as opaque (docs/protocol.md#sizes).
 */
public final class WriteCap extends Blob {
    /** Serialised length in bytes. */
    public static final int LENGTH = WireSizes.WRITE_CAP;

    private WriteCap(byte[] bytes) {
        super(bytes, LENGTH);
    }

    /** Wraps a copy of exactly {@value #LENGTH} bytes; anything else is an {@link IllegalArgumentException}. */
    public static WriteCap of(byte[] bytes) {
        return new WriteCap(bytes);
    }

    public static WriteCap fromBase64(String base64) {
        return new WriteCap(decodeBase64(base64, "WriteCap"));
    }

    /** BLAKE2b-256 of the 168 bytes: the handle that cancels a copy command started with this cap. */
    public WriteCapHash hash() {
        return WriteCapHash.of(this);
    }

    /**
     * The read cap of the same stream. It is the last 136 bytes of the write cap (the Ed25519 public key and the
     * index), a layout that docs/protocol.md#sizes documents and that was confirmed against kpclientd v0.0.99; the
     * daemon offers no call for it.
     */
    public ReadCap readCap() {
        return ReadCap.of(java.util.Arrays.copyOfRange(raw(), LENGTH - ReadCap.LENGTH, LENGTH));
    }

    /**
     * The index the cap carries (its last 104 bytes, docs/protocol.md#sizes): the stream's first index for caps from
     * {@code new_keypair} and the voucher calls.
     */
    public MessageBoxIndex firstIndex() {
        return MessageBoxIndex.of(java.util.Arrays.copyOfRange(raw(), LENGTH - MessageBoxIndex.LENGTH, LENGTH));
    }

    @Override
    boolean isSecret() {
        return true;
    }
}
