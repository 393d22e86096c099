package org.katzenpost.thin;

/** The daemon sent something the protocol does not allow: a malformed or oversized frame, or a handshake out of order. */
public class ProtocolViolationException extends ThinClientException {
    private static final long serialVersionUID = 1L;

    public ProtocolViolationException(String message) {
        super(message);
    }

    public ProtocolViolationException(String message, Throwable cause) {
        super(message, cause);
    }
}
