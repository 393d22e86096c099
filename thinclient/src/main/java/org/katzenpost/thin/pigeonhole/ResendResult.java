package org.katzenpost.thin.pigeonhole;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A successful {@code start_resending_encrypted_message}: the plaintext of the box for a read (none for a
 * write), and the courier the daemon sent it through. Immutable; {@link #toString()} shows the plaintext's
 * length only.
 */
public final class ResendResult {
    private final byte[] plaintext;
    private final Courier courier;

    /** {@code plaintext} is null for writes; {@code courier} is null when the reply named none. */
    public ResendResult(byte[] plaintext, Courier courier) {
        this.plaintext = plaintext == null ? null : plaintext.clone();
        this.courier = courier;
    }

    /** A copy of the box's plaintext, for a read; empty for a write. */
    public Optional<byte[]> plaintext() {
        return plaintext == null ? Optional.empty() : Optional.of(plaintext.clone());
    }

    /** The plaintext of a read, or an {@link IllegalStateException} for a write. */
    public byte[] requirePlaintext() {
        if (plaintext == null) {
            throw new IllegalStateException("this result has no plaintext (it answers a write)");
        }
        return plaintext.clone();
    }

    byte[] rawPlaintext() {
        return plaintext;
    }

    /** The courier the daemon chose, when the reply named one. */
    public Optional<Courier> courier() {
        return Optional.ofNullable(courier);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResendResult && Arrays.equals(plaintext, ((ResendResult) o).plaintext)
                && Objects.equals(courier, ((ResendResult) o).courier);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(plaintext) + Objects.hashCode(courier);
    }

    @Override
    public String toString() {
        return "ResendResult(" + (plaintext == null ? "no plaintext" : plaintext.length + "-byte plaintext")
                + (courier == null ? "" : ", " + courier) + ")";
    }
}
