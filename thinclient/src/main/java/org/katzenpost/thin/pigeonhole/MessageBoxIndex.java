package org.katzenpost.thin.pigeonhole;

import org.katzenpost.thin.internal.wire.WireSizes;

/**
 * A BACAP message box index (104 bytes): the position of one box in a stream, together with the blinding
 * factor, encryption key and HKDF state for that position. <strong>Secret</strong> (it holds keys), so
 * {@link #toString()} shows only the length and a fingerprint.
 *
 * <p>The blob is opaque except for its counter (docs/protocol.md#sizes): {@link #counter()} reads the first 8 bytes
 * as a little-endian unsigned 64-bit number, which is what the daemon's {@code get_message_box_index_counter}
 * returns. Indexes only move forward, through {@code next_message_box_index}.
 */
public final class MessageBoxIndex extends Blob {
    /** Serialised length in bytes: {@value}. */
    public static final int LENGTH = WireSizes.MESSAGE_BOX_INDEX;

    private MessageBoxIndex(byte[] bytes, boolean adopt) {
        super(bytes, LENGTH, adopt);
    }

    /** A value over bytes just decoded (from a daemon reply or Base64), without copying them (see {@code Blob}). */
    static MessageBoxIndex adopt(byte[] decoded) {
        return new MessageBoxIndex(decoded, true);
    }

    /**
     * Wraps a copy of existing bytes, for example an index read back from storage.
     *
     * @param bytes exactly {@value #LENGTH} bytes; copied
     * @return the value
     * @throws IllegalArgumentException if {@code bytes} is null or not {@value #LENGTH} bytes long; the message gives
     *        the length only
     */
    public static MessageBoxIndex of(byte[] bytes) {
        return new MessageBoxIndex(bytes, false);
    }

    /**
     * Reads the text of {@link #toBase64()}; URL-safe Base64 and surrounding whitespace are accepted too.
     *
     * @param base64 Base64 of exactly {@value #LENGTH} bytes
     * @return the value
     * @throws IllegalArgumentException if the text is null, not Base64, or does not decode to {@value #LENGTH} bytes;
     *        the message never shows the text
     */
    public static MessageBoxIndex fromBase64(String base64) {
        return adopt(decodeBase64(base64, "MessageBoxIndex")); // a fresh array, which nothing else holds
    }

    /**
     * The box counter ({@code Idx64}). Counters of the same stream increase by one per box; the first one is random.
     *
     * @return an unsigned 64-bit number held in a long's bits: compare two counters with {@link Long#compareUnsigned}
     *        and print them with {@link Long#toUnsignedString}
     */
    public long counter() {
        byte[] b = raw();
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    @Override
    boolean isSecret() {
        return true;
    }
}
