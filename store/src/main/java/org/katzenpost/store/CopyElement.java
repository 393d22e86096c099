package org.katzenpost.store;

import org.katzenpost.thin.pigeonhole.MessageBoxIndex;

/**
 * One copy-stream element and the temporary-stream box it goes to, of a copy transfer ({@code transferId} is the
 * transfer's id) or of a multi-destination copy stream ({@code transferId} is the stream's id); both are kept in
 * one table of the store.
 */
public record CopyElement(long transferId, int seq, MessageBoxIndex tempIndex, byte[] element, boolean written) {
    @Override
    public String toString() {
        return "CopyElement[" + transferId + "#" + seq + ", written=" + written + "]";
    }
}
