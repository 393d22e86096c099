package org.katzenpost.thin.pigeonhole;

import org.katzenpost.thin.internal.wire.WireSizes;

/**
 * A 32-byte contact voucher (the BLAKE2b-256 of the voucher payload), handed over out of band. Whoever holds it
 * can derive the voucher stream and read the joiner's request, so it is <strong>secret</strong>.
 */
public final class Voucher extends Blob {
    /** Serialised length in bytes: {@value}. */
    public static final int LENGTH = WireSizes.VOUCHER;

    private Voucher(byte[] bytes) {
        super(bytes, LENGTH);
    }

    /**
     * Wraps a copy of existing bytes, for example a voucher read back from storage.
     *
     * @param bytes exactly {@value #LENGTH} bytes; copied
     * @return the value
     * @throws IllegalArgumentException if {@code bytes} is null or not {@value #LENGTH} bytes long; the message gives
     *        the length only
     */
    public static Voucher of(byte[] bytes) {
        return new Voucher(bytes);
    }

    /**
     * Reads the text of {@link #toBase64()}; URL-safe Base64 and surrounding whitespace are accepted too.
     *
     * @param base64 Base64 of exactly {@value #LENGTH} bytes
     * @return the value
     * @throws IllegalArgumentException if the text is null, not Base64, or does not decode to {@value #LENGTH} bytes;
     *        the message never shows the text
     */
    public static Voucher fromBase64(String base64) {
        return new Voucher(decodeBase64(base64, "Voucher"));
    }

    @Override
    boolean isSecret() {
        return true;
    }
}
