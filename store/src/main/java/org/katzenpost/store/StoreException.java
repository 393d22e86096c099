package org.katzenpost.store;

/** The channel store could not be opened, read or written, or its content contradicts a request. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed; never contains secrets
     */
    public StoreException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the failure that caused it, typically an {@link java.sql.SQLException} or an {@link
     * java.io.IOException}.
     *
     * @param message what failed; never contains secrets
     * @param cause the underlying failure
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
