package org.katzenpost.thin;

/** The client was closed before or while the call ran. */
public class ClientClosedException extends ThinClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, for people; never contains secrets
     */
    public ClientClosedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the failure that caused it.
     *
     * @param message what failed, for people; never contains secrets
     * @param cause the underlying failure, or null
     */
    public ClientClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
