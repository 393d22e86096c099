package org.katzenpost.thin;

/** The daemon is up but has no link to the mixnet, and the call needs one. */
public class OfflineException extends ThinClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, for people; never contains secrets
     */
    public OfflineException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the failure that caused it.
     *
     * @param message what failed, for people; never contains secrets
     * @param cause the underlying failure, or null
     */
    public OfflineException(String message, Throwable cause) {
        super(message, cause);
    }
}
