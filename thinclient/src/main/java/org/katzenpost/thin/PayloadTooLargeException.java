package org.katzenpost.thin;

/** A payload exceeds what the daemon or the Sphinx geometry accepts; refused before sending. */
public class PayloadTooLargeException extends ThinClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, for people; never contains secrets
     */
    public PayloadTooLargeException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the failure that caused it.
     *
     * @param message what failed, for people; never contains secrets
     * @param cause the underlying failure, or null
     */
    public PayloadTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
