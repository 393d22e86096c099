package org.katzenpost.thin;

/** A reliable send got no reply after its last permitted retransmission. */
public class RetriesExhaustedException extends RequestTimeoutException {
    private static final long serialVersionUID = 1L;

    public RetriesExhaustedException(String message) {
        super(message);
    }
}
