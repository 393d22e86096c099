package org.katzenpost.thin.pigeonhole;

import org.katzenpost.thin.internal.wire.WireSizes;

/**
 * A 32-byte contact voucher (the BLAKE2b-256 of the voucher payload), handed over out of band. Whoever holds it
 * can derive the voucher stream and read the joiner's request, so it is <strong>secret</strong>.
 */
public final class Voucher extends Blob {
    public static final int LENGTH = WireSizes.VOUCHER;

    private Voucher(byte[] bytes) {
        super(bytes, LENGTH);
    }

    public static Voucher of(byte[] bytes) {
        return new Voucher(bytes);
    }

    public static Voucher fromBase64(String base64) {
        return new Voucher(decodeBase64(base64, "Voucher"));
    }

    @Override
    boolean isSecret() {
        return true;
    }
}
