package org.katzenpost.store;

import java.util.Arrays;
import java.util.Objects;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;

/**
 * One copy-stream element and the temporary-stream box it goes to, of a copy transfer ({@code transferId} is the
 * transfer's id) or of a multi-destination copy stream ({@code transferId} is the stream's id); both are kept in
 * one table of the store. Immutable; the element is copied in and out, and two elements are equal when their
 * components are (the element by content). {@link #toString()} shows no element.
 *
 * @param transferId the id of the transfer or copy stream it belongs to
 * @param seq its place in that transfer or stream, from 0
 * @param tempIndex the temporary-stream box it is written to
 * @param element the serialised copy-stream element (secret); null once its transfer or stream is done or
 *     abandoned (the store drops the bytes)
 * @param written whether it is written to its box
 */
public record CopyElement(long transferId, int seq, MessageBoxIndex tempIndex, byte[] element, boolean written) {
    /**
     * Copies the element.
     *
     * @param transferId the id of the transfer or copy stream it belongs to
     * @param seq its place in that transfer or stream, from 0
     * @param tempIndex the temporary-stream box it is written to
     * @param element the copy-stream element, or null; copied
     * @param written whether it is written to its box
     */
    public CopyElement {
        element = element == null ? null : element.clone();
    }

    /**
     * The copy-stream element. Secret.
     *
     * @return a fresh copy; null once its transfer or stream is done or abandoned
     */
    @Override
    public byte[] element() {
        return element == null ? null : element.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CopyElement e && transferId == e.transferId && seq == e.seq && written == e.written
                && Objects.equals(tempIndex, e.tempIndex) && Arrays.equals(element, e.element);
    }

    @Override
    public int hashCode() {
        return Objects.hash(transferId, seq, tempIndex, Arrays.hashCode(element), written);
    }

    @Override
    public String toString() {
        return "CopyElement[" + transferId + "#" + seq + ", written=" + written + "]";
    }
}
