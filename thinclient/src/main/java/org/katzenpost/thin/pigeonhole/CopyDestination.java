package org.katzenpost.thin.pigeonhole;

import java.util.Arrays;
import java.util.Objects;

/**
 * One destination of {@link PigeonholeClient#createCourierEnvelopesFromPayloads}: a payload (at most
 * {@value PigeonholeClient#MAX_COPY_PAYLOAD_LENGTH} bytes, secret) to write into the stream of {@code writeCap}
 * from {@code startIndex} on. Immutable; the payload is copied in and out.
 */
public record CopyDestination(byte[] payload, WriteCap writeCap, MessageBoxIndex startIndex) {
    public CopyDestination {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(writeCap, "writeCap");
        Objects.requireNonNull(startIndex, "startIndex");
        payload = payload.clone();
    }

    /** A copy of the payload. */
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
