package org.katzenpost.thin.pigeonhole;

import org.katzenpost.thin.internal.wire.WireSizes;

/**
 * A BACAP read capability (136 bytes): lets its holder find, decrypt and verify the boxes of one stream.
 * Shareable with intended readers, but <strong>secret</strong> to everyone else, so {@link #toString()} shows
 * only the length and a fingerprint. Treat the bytes as opaque (docs/protocol.md#sizes).
 */
public final class ReadCap extends Blob {
    /** Serialised length in bytes: {@value}. */
    public static final int LENGTH = WireSizes.READ_CAP;

    private ReadCap(byte[] bytes) {
        super(bytes, LENGTH);
    }

    /**
     * Wraps a copy of existing bytes, for example a read cap read back from storage.
     *
     * @param bytes exactly {@value #LENGTH} bytes; copied
     * @return the value
     * @throws IllegalArgumentException if {@code bytes} is null or not {@value #LENGTH} bytes long; the message gives
     *        the length only
     */
    public static ReadCap of(byte[] bytes) {
        return new ReadCap(bytes);
    }

    /**
     * Reads the text of {@link #toBase64()}; URL-safe Base64 and surrounding whitespace are accepted too.
     *
     * @param base64 Base64 of exactly {@value #LENGTH} bytes
     * @return the value
     * @throws IllegalArgumentException if the text is null, not Base64, or does not decode to {@value #LENGTH} bytes;
     *        the message never shows the text
     */
    public static ReadCap fromBase64(String base64) {
        return new ReadCap(decodeBase64(base64, "ReadCap"));
    }

    /**
     * The index the cap carries (its last 104 bytes, docs/protocol.md#sizes, confirmed against kpclientd v0.0.99).
     *
     * @return the stream's first index for caps from {@code new_keypair} and the voucher calls, for example box 0 of a
     *        voucher stream
     */
    public MessageBoxIndex firstIndex() {
        return MessageBoxIndex.of(java.util.Arrays.copyOfRange(raw(), LENGTH - MessageBoxIndex.LENGTH, LENGTH));
    }

    @Override
    boolean isSecret() {
        return true;
    }
}
