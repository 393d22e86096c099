package org.katzenpost.thin;

/** A reliable send got no reply after its last permitted retransmission. */
public class RetriesExhaustedException extends RequestTimeoutException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, for people; never contains secrets
     */
    public RetriesExhaustedException(String message) {
        super(message);
    }
}
