package org.katzenpost.thin.pigeonhole;

/**
 * The joiner's voucher NIKE private key from {@code voucher_mint} (hybrid CTIDH1024-X25519, opaque, non-empty):
 * needed later by {@code voucher_open}. <strong>Secret.</strong>
 */
public final class VoucherSecretKey extends Blob {
    private VoucherSecretKey(byte[] bytes) {
        super(bytes, -1);
        if (bytes.length == 0) {
            throw new IllegalArgumentException("VoucherSecretKey must not be empty");
        }
    }

    /**
     * Wraps a copy of existing bytes, for example a key read back from storage.
     *
     * @param bytes the daemon's bytes, not empty; copied
     * @return the value
     * @throws IllegalArgumentException if {@code bytes} is null or empty
     */
    public static VoucherSecretKey of(byte[] bytes) {
        return new VoucherSecretKey(bytes);
    }

    /**
     * Reads the text of {@link #toBase64()}; URL-safe Base64 and surrounding whitespace are accepted too.
     *
     * @param base64 Base64 of the bytes
     * @return the value
     * @throws IllegalArgumentException if the text is null, not Base64, or decodes to nothing; the message never shows
     *        the text
     */
    public static VoucherSecretKey fromBase64(String base64) {
        return new VoucherSecretKey(decodeBase64(base64, "VoucherSecretKey"));
    }

    @Override
    boolean isSecret() {
        return true;
    }
}
