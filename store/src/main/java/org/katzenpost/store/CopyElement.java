package org.katzenpost.store;

/** One copy-stream element of a copy transfer and the temporary-stream box it goes to. */
public record CopyElement(long transferId, int seq, byte[] tempIndex, byte[] element, boolean written) {
    @Override
    public String toString() {
        return "CopyElement[" + transferId + "#" + seq + ", written=" + written + "]";
    }
}
