package org.katzenpost.thin.pigeonhole;

import java.util.Arrays;
import java.util.Objects;

/**
 * The joiner's result of {@code voucher_open}: the inductor's reply, the salt, and the joiner's write cap mutated
 * by the salt (the live write cap from now on). Immutable; byte arrays are copied in and out
 * (docs/protocol.md#vouchers).
 *
 * @param whoReply the inductor's reply
 * @param salt the salt that mutated the write cap
 * @param mutatedMessageWriteCap the joiner's write cap mutated by the salt: the live write cap from now on (secret)
 */
public record OpenedVoucher(byte[] whoReply, byte[] salt, WriteCap mutatedMessageWriteCap) {
    /**
     * Checks that every part is present and copies the arrays.
     *
     * @param whoReply the inductor's reply; copied
     * @param salt the salt; copied
     * @param mutatedMessageWriteCap the joiner's live write cap
     * @throws NullPointerException if any part is null
     */
    public OpenedVoucher {
        whoReply = Objects.requireNonNull(whoReply, "whoReply").clone();
        salt = Objects.requireNonNull(salt, "salt").clone();
        Objects.requireNonNull(mutatedMessageWriteCap, "mutatedMessageWriteCap");
    }

    /**
     * The inductor's reply.
     *
     * @return a fresh copy
     */
    @Override
    public byte[] whoReply() {
        return whoReply.clone();
    }

    /**
     * The salt that mutated the joiner's write cap.
     *
     * @return a fresh copy
     */
    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OpenedVoucher && Arrays.equals(whoReply, ((OpenedVoucher) o).whoReply)
                && Arrays.equals(salt, ((OpenedVoucher) o).salt)
                && mutatedMessageWriteCap.equals(((OpenedVoucher) o).mutatedMessageWriteCap);
    }

    @Override
    public int hashCode() {
        return mutatedMessageWriteCap.hashCode();
    }

    @Override
    public String toString() {
        return "OpenedVoucher(" + whoReply.length + "-byte reply, " + mutatedMessageWriteCap + ")";
    }
}
