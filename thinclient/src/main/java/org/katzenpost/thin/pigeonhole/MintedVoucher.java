package org.katzenpost.thin.pigeonhole;

import java.util.Arrays;
import java.util.Objects;

/**
 * The joiner's side of a contact voucher ({@code voucher_mint}). Hand {@link #voucher()} to the inductor out of
 * band, write {@link #voucherPayload()} to box 0 of the voucher stream ({@link #voucherWriteCap()}), keep
 * {@link #voucherSecretKey()} for {@code voucher_open}, and read the inductor's sealed reply from box 1.
 * Immutable; byte arrays are copied in and out; {@link #toString()} shows no secrets.
 */
public record MintedVoucher(Voucher voucher, byte[] voucherPayload, WriteCap voucherWriteCap,
        ReadCap voucherReadCap, VoucherSecretKey voucherSecretKey, byte[] voucherPublicKey) {
    public MintedVoucher {
        Objects.requireNonNull(voucher, "voucher");
        voucherPayload = Objects.requireNonNull(voucherPayload, "voucherPayload").clone();
        Objects.requireNonNull(voucherWriteCap, "voucherWriteCap");
        Objects.requireNonNull(voucherReadCap, "voucherReadCap");
        Objects.requireNonNull(voucherSecretKey, "voucherSecretKey");
        voucherPublicKey = Objects.requireNonNull(voucherPublicKey, "voucherPublicKey").clone();
    }

    /** A copy of the payload to write to box 0 of the voucher stream. */
    @Override
    public byte[] voucherPayload() {
        return voucherPayload.clone();
    }

    /** A copy of the joiner's voucher NIKE public key. */
    @Override
    public byte[] voucherPublicKey() {
        return voucherPublicKey.clone();
    }

    /** The voucher stream's first index (box 0), carried in its write cap. */
    public MessageBoxIndex firstIndex() {
        return voucherWriteCap.firstIndex();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MintedVoucher)) {
            return false;
        }
        MintedVoucher m = (MintedVoucher) o;
        return voucher.equals(m.voucher) && Arrays.equals(voucherPayload, m.voucherPayload)
                && voucherWriteCap.equals(m.voucherWriteCap) && voucherReadCap.equals(m.voucherReadCap)
                && voucherSecretKey.equals(m.voucherSecretKey) && Arrays.equals(voucherPublicKey, m.voucherPublicKey);
    }

    @Override
    public int hashCode() {
        return voucher.hashCode();
    }

    @Override
    public String toString() {
        return "MintedVoucher(" + voucher + ", " + voucherPayload.length + "-byte payload, " + voucherWriteCap
                + ", " + voucherReadCap + ", " + voucherSecretKey + ")";
    }
}
