package org.katzenpost.thin.pigeonhole;

import java.util.Arrays;
import java.util.Objects;

/**
 * The joiner's result of {@code voucher_open}: the inductor's reply, the salt, and the joiner's write cap mutated
 * by the salt (the live write cap from now on). Immutable; byte arrays are copied in and out.
 */
public record OpenedVoucher(byte[] whoReply, byte[] salt, WriteCap mutatedMessageWriteCap) {
    public OpenedVoucher {
        whoReply = Objects.requireNonNull(whoReply, "whoReply").clone();
        salt = Objects.requireNonNull(salt, "salt").clone();
        Objects.requireNonNull(mutatedMessageWriteCap, "mutatedMessageWriteCap");
    }

    @Override
    public byte[] whoReply() {
        return whoReply.clone();
    }

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
