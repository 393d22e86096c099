package org.katzenpost.thin.pigeonhole;

import org.katzenpost.thin.internal.wire.WireSizes;

/**
 * A BACAP write capability (168 bytes): lets its holder write, sign and tombstone every box of one stream.
 * <strong>Secret.</strong> Keep it to the writer; give readers the matching {@link ReadCap}. {@link #toString()}
 * shows only the length and a fingerprint. Treat the bytes as opaque (docs/protocol.md#sizes).
 */
public final class WriteCap extends Blob {
    /** Serialised length in bytes: {@value}. */
    public static final int LENGTH = WireSizes.WRITE_CAP;

    private WriteCap(byte[] bytes) {
        super(bytes, LENGTH);
    }

    /**
     * Wraps a copy of existing bytes, for example a write cap read back from storage.
     *
     * @param bytes exactly {@value #LENGTH} bytes; copied
     * @return the value
     * @throws IllegalArgumentException if {@code bytes} is null or not {@value #LENGTH} bytes long; the message gives
     *        the length only
     */
    public static WriteCap of(byte[] bytes) {
        return new WriteCap(bytes);
    }

    /**
     * Reads the text of {@link #toBase64()}; URL-safe Base64 and surrounding whitespace are accepted too.
     *
     * @param base64 Base64 of exactly {@value #LENGTH} bytes
     * @return the value
     * @throws IllegalArgumentException if the text is null, not Base64, or does not decode to {@value #LENGTH} bytes;
     *        the message never shows the text
     */
    public static WriteCap fromBase64(String base64) {
        return new WriteCap(decodeBase64(base64, "WriteCap"));
    }

    /**
     * The handle that cancels a copy command started with this cap.
     *
     * @return BLAKE2b-256 of the {@value #LENGTH} bytes, computed on every call
     */
    public WriteCapHash hash() {
        return WriteCapHash.of(this);
    }

    /**
     * The read cap of the same stream. It is the last 136 bytes of the write cap (the Ed25519 public key and the
     * index), a layout that docs/protocol.md#sizes documents and that was confirmed against kpclientd v0.0.99; the
     * daemon offers no call for it.
     *
     * @return the read cap, to hand to readers
     */
    public ReadCap readCap() {
        return ReadCap.of(java.util.Arrays.copyOfRange(raw(), LENGTH - ReadCap.LENGTH, LENGTH));
    }

    /**
     * The index the cap carries (its last 104 bytes, docs/protocol.md#sizes).
     *
     * @return the stream's first index for caps from {@code new_keypair} and the voucher calls
     */
    public MessageBoxIndex firstIndex() {
        return MessageBoxIndex.of(java.util.Arrays.copyOfRange(raw(), LENGTH - MessageBoxIndex.LENGTH, LENGTH));
    }

    @Override
    boolean isSecret() {
        return true;
    }
}
