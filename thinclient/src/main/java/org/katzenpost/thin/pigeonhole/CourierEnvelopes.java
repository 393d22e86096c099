package org.katzenpost.thin.pigeonhole;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The output of the copy-stream builders ({@code create_courier_envelopes_from_payload},
 * {@code …_from_multi_payload}, {@code …_from_tombstone_range}): serialised copy-stream elements to write, one
 * per box, into the temporary stream of a copy command; the residual {@link CopyStreamBuffer} to carry into the
 * next call of the same stream (always {@link CopyStreamBuffer#EMPTY} for the single-payload call, which
 * flushes); and, per destination, the index where the destination's next write continues. Immutable.
 */
public final class CourierEnvelopes {
    private final List<byte[]> envelopes;
    private final CopyStreamBuffer buffer;
    private final List<MessageBoxIndex> nextDestIndices;

    /**
     * Creates the result, copying every envelope.
     *
     * @param envelopes the copy-stream elements in stream order; each copied
     * @param buffer the residue for the next call, or null for none
     * @param nextDestIndices one next index per destination, in the order of the request's destinations
     * @throws NullPointerException if a list or an element is null
     */
    public CourierEnvelopes(List<byte[]> envelopes, CopyStreamBuffer buffer, List<MessageBoxIndex> nextDestIndices) {
        Objects.requireNonNull(envelopes, "envelopes");
        List<byte[]> copy = new ArrayList<>(envelopes.size());
        for (byte[] e : envelopes) {
            copy.add(Objects.requireNonNull(e, "envelope").clone());
        }
        this.envelopes = copy;
        this.buffer = buffer == null ? CopyStreamBuffer.EMPTY : buffer;
        this.nextDestIndices = List.copyOf(nextDestIndices);
    }

    /**
     * The envelopes to write, one per box, into the temporary stream.
     *
     * @return fresh copies in stream order; may be empty, for example when everything stayed in the buffer
     */
    public List<byte[]> envelopes() {
        List<byte[]> out = new ArrayList<>(envelopes.size());
        for (byte[] e : envelopes) {
            out.add(e.clone());
        }
        return out;
    }

    /**
     * The number of envelopes.
     *
     * @return the size of {@link #envelopes()}, without copying them
     */
    public int envelopeCount() {
        return envelopes.size();
    }

    /**
     * One envelope, without copying the others.
     *
     * @param i 0 to {@link #envelopeCount()} - 1
     * @return a fresh copy of envelope {@code i}
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public byte[] envelope(int i) {
        return envelopes.get(i).clone();
    }

    List<byte[]> rawEnvelopes() {
        return envelopes;
    }

    /**
     * The residue to pass to the next call of the same stream.
     *
     * @return the buffer; {@link CopyStreamBuffer#EMPTY} after a flush
     */
    public CopyStreamBuffer buffer() {
        return buffer;
    }

    /**
     * Where each destination's next write continues.
     *
     * @return one index per destination, in the order of the request's destinations; unmodifiable
     */
    public List<MessageBoxIndex> nextDestIndices() {
        return nextDestIndices;
    }

    /**
     * The next index of the first destination, which for single-destination calls is the only one.
     *
     * @return the index
     * @throws IllegalStateException if the reply named no destination index
     */
    public MessageBoxIndex nextDestIndex() {
        if (nextDestIndices.isEmpty()) {
            throw new IllegalStateException("the reply named no next destination index");
        }
        return nextDestIndices.get(0);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CourierEnvelopes)) {
            return false;
        }
        CourierEnvelopes c = (CourierEnvelopes) o;
        if (c.envelopes.size() != envelopes.size()) {
            return false;
        }
        for (int i = 0; i < envelopes.size(); i++) {
            if (!java.util.Arrays.equals(envelopes.get(i), c.envelopes.get(i))) {
                return false;
            }
        }
        return buffer.equals(c.buffer) && nextDestIndices.equals(c.nextDestIndices);
    }

    @Override
    public int hashCode() {
        return Objects.hash(envelopes.size(), buffer, nextDestIndices);
    }

    @Override
    public String toString() {
        return "CourierEnvelopes(" + envelopes.size() + " envelopes, " + buffer.length() + "-byte buffer, "
                + nextDestIndices.size() + " destinations)";
    }
}
