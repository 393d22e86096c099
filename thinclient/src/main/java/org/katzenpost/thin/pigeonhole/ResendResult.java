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

    /**
     * Creates the result.
     *
     * @param plaintext the box's plaintext for a read, copied; null for a write
     * @param courier the courier the reply named, or null when it named none
     */
    public ResendResult(byte[] plaintext, Courier courier) {
        this.plaintext = plaintext == null ? null : plaintext.clone();
        this.courier = courier;
    }

    /**
     * The box's plaintext.
     *
     * @return a fresh copy for a read; empty for a write
     */
    public Optional<byte[]> plaintext() {
        return plaintext == null ? Optional.empty() : Optional.of(plaintext.clone());
    }

    /**
     * The box's plaintext, for callers that know they sent a read.
     *
     * @return a fresh copy
     * @throws IllegalStateException if this is the result of a write
     */
    public byte[] requirePlaintext() {
        if (plaintext == null) {
            throw new IllegalStateException("this result has no plaintext (it answers a write)");
        }
        return plaintext.clone();
    }

    byte[] rawPlaintext() {
        return plaintext;
    }

    /**
     * The courier the daemon chose.
     *
     * @return the courier when the reply named one, else empty
     */
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
