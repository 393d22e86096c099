package org.katzenpost.thin.pigeonhole;

import java.util.Arrays;
import java.util.Objects;

/**
 * One destination of {@link PigeonholeClient#createCourierEnvelopesFromPayloads}: a payload (at most
 * {@value PigeonholeClient#MAX_COPY_PAYLOAD_LENGTH} bytes, secret) to write into the stream of {@code writeCap}
 * from {@code startIndex} on. Immutable; the payload is copied in and out.
 *
 * @param payload the bytes to write
 * @param writeCap the destination stream's write cap
 * @param startIndex where in that stream the payload's first box goes
 */
public record CopyDestination(byte[] payload, WriteCap writeCap, MessageBoxIndex startIndex) {
    /**
     * Checks that every part is present and copies the payload.
     *
     * @param payload the bytes to write; copied
     * @param writeCap the destination stream's write cap
     * @param startIndex where in that stream the payload's first box goes
     * @throws NullPointerException if any part is null
     */
    public CopyDestination {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(writeCap, "writeCap");
        Objects.requireNonNull(startIndex, "startIndex");
        payload = payload.clone();
    }

    /**
     * The bytes to write. Secret.
     *
     * @return a fresh copy
     */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    byte[] rawPayload() {
        return payload;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CopyDestination && Arrays.equals(payload, ((CopyDestination) o).payload)
                && writeCap.equals(((CopyDestination) o).writeCap) && startIndex.equals(((CopyDestination) o).startIndex);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(payload), writeCap, startIndex);
    }

    @Override
    public String toString() {
        return "CopyDestination(" + payload.length + "-byte payload, " + writeCap + ", " + startIndex + ")";
    }
}
