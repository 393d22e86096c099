package org.katzenpost.thin.pigeonhole;

import java.util.Arrays;
import java.util.Objects;

/**
 * The inductor's result of {@code voucher_induct}: the joiner's display name, the joiner's read cap mutated by
 * the salt (the live cap to hand to the group), the sealed reply to write to box 1 of the voucher stream, the
 * voucher stream's caps, and the 32-byte salt. Immutable; byte arrays are copied in and out
 * (docs/protocol.md#vouchers).
 *
 * @param displayName the name the joiner chose for others to see
 * @param mutatedMessageReadCap the joiner's read cap mutated by the salt: the live cap to hand to the group
 * @param sealedReply the reply to write to box 1 of the voucher stream
 * @param voucherWriteCap the voucher stream's write cap (secret)
 * @param voucherReadCap the voucher stream's read cap
 * @param salt the 32-byte salt
 */
public record VoucherInduction(String displayName, ReadCap mutatedMessageReadCap, byte[] sealedReply,
        WriteCap voucherWriteCap, ReadCap voucherReadCap, byte[] salt) {
    /**
     * Checks that every part is present and copies the arrays.
     *
     * @param displayName the name the joiner chose
     * @param mutatedMessageReadCap the joiner's live read cap
     * @param sealedReply the reply for box 1; copied
     * @param voucherWriteCap the voucher stream's write cap
     * @param voucherReadCap the voucher stream's read cap
     * @param salt the 32-byte salt; copied
     * @throws NullPointerException if any part is null
     */
    public VoucherInduction {
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(mutatedMessageReadCap, "mutatedMessageReadCap");
        sealedReply = Objects.requireNonNull(sealedReply, "sealedReply").clone();
        Objects.requireNonNull(voucherWriteCap, "voucherWriteCap");
        Objects.requireNonNull(voucherReadCap, "voucherReadCap");
        salt = Objects.requireNonNull(salt, "salt").clone();
    }

    /**
     * The sealed reply to write to box 1 of the voucher stream.
     *
     * @return a fresh copy
     */
    @Override
    public byte[] sealedReply() {
        return sealedReply.clone();
    }

    /**
     * The salt that mutated the joiner's read cap.
     *
     * @return a fresh copy of the 32 bytes
     */
    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof VoucherInduction)) {
            return false;
        }
        VoucherInduction v = (VoucherInduction) o;
        return displayName.equals(v.displayName) && mutatedMessageReadCap.equals(v.mutatedMessageReadCap)
                && Arrays.equals(sealedReply, v.sealedReply) && voucherWriteCap.equals(v.voucherWriteCap)
                && voucherReadCap.equals(v.voucherReadCap) && Arrays.equals(salt, v.salt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(displayName, mutatedMessageReadCap);
    }

    /** The display name is shown (the joiner chose it for others to see); caps, reply and salt are not. */
    @Override
    public String toString() {
        return "VoucherInduction(displayName=" + displayName + ", " + mutatedMessageReadCap + ", "
                + sealedReply.length + "-byte sealed reply)";
    }
}
