package org.katzenpost.thin;

/** Root of every exception this library throws. Unchecked: callers catch the branch they can act on. */
public class ThinClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, for people; never contains secrets
     */
    public ThinClientException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the failure that caused it.
     *
     * @param message what failed, for people; never contains secrets
     * @param cause the underlying failure, or null
     */
    public ThinClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
