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

    public static VoucherSecretKey of(byte[] bytes) {
        return new VoucherSecretKey(bytes);
    }

    public static VoucherSecretKey fromBase64(String base64) {
        return new VoucherSecretKey(decodeBase64(base64, "VoucherSecretKey"));
    }

    @Override
    boolean isSecret() {
        return true;
    }
}
