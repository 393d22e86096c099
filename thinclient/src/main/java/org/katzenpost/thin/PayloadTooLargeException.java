package org.katzenpost.thin;

/** A payload exceeds what the daemon or the Sphinx geometry accepts; refused before sending. */
public class PayloadTooLargeException extends ThinClientException {
    private static final long serialVersionUID = 1L;

    public PayloadTooLargeException(String message) {
        super(message);
    }

    public PayloadTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
