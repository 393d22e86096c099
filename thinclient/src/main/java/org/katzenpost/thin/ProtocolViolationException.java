package org.katzenpost.thin;

/** The daemon sent something the protocol does not allow: a malformed or oversized frame, or a handshake out of order. */
public class ProtocolViolationException extends ThinClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, for people; never contains secrets
     */
    public ProtocolViolationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the failure that caused it.
     *
     * @param message what failed, for people; never contains secrets
     * @param cause the underlying failure, or null
     */
    public ProtocolViolationException(String message, Throwable cause) {
        super(message, cause);
    }
}
