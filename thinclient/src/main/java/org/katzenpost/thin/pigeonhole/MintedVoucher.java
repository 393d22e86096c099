package org.katzenpost.thin.pigeonhole;

import java.util.Arrays;
import java.util.Objects;

/**
 * The joiner's side of a contact voucher ({@code voucher_mint}). Hand {@link #voucher()} to the inductor out of
 * band, write {@link #voucherPayload()} to box 0 of the voucher stream ({@link #voucherWriteCap()}), keep
 * {@link #voucherSecretKey()} for {@code voucher_open}, and read the inductor's sealed reply from box 1.
 * Immutable; byte arrays are copied in and out; {@link #toString()} shows no secrets (docs/protocol.md#vouchers).
 *
 * @param voucher the voucher to hand to the inductor out of band (secret)
 * @param voucherPayload the payload to write to box 0 of the voucher stream
 * @param voucherWriteCap the voucher stream's write cap (secret)
 * @param voucherReadCap the voucher stream's read cap, to read the inductor's reply from box 1
 * @param voucherSecretKey the key {@code voucher_open} needs (secret)
 * @param voucherPublicKey the joiner's voucher NIKE public key
 */
public record MintedVoucher(Voucher voucher, byte[] voucherPayload, WriteCap voucherWriteCap,
        ReadCap voucherReadCap, VoucherSecretKey voucherSecretKey, byte[] voucherPublicKey) {
    /**
     * Checks that every part is present and copies the arrays.
     *
     * @param voucher the voucher to hand to the inductor
     * @param voucherPayload the payload for box 0; copied
     * @param voucherWriteCap the voucher stream's write cap
     * @param voucherReadCap the voucher stream's read cap
     * @param voucherSecretKey the key {@code voucher_open} needs
     * @param voucherPublicKey the joiner's voucher NIKE public key; copied
     * @throws NullPointerException if any part is null
     */
    public MintedVoucher {
        Objects.requireNonNull(voucher, "voucher");
        voucherPayload = Objects.requireNonNull(voucherPayload, "voucherPayload").clone();
        Objects.requireNonNull(voucherWriteCap, "voucherWriteCap");
        Objects.requireNonNull(voucherReadCap, "voucherReadCap");
        Objects.requireNonNull(voucherSecretKey, "voucherSecretKey");
        voucherPublicKey = Objects.requireNonNull(voucherPublicKey, "voucherPublicKey").clone();
    }

    /**
     * The payload to write to box 0 of the voucher stream.
     *
     * @return a fresh copy
     */
    @Override
    public byte[] voucherPayload() {
        return voucherPayload.clone();
    }

    /**
     * The joiner's voucher NIKE public key.
     *
     * @return a fresh copy
     */
    @Override
    public byte[] voucherPublicKey() {
        return voucherPublicKey.clone();
    }

    /**
     * Box 0 of the voucher stream, where {@link #voucherPayload()} goes.
     *
     * @return the index carried in {@link #voucherWriteCap()}
     */
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
