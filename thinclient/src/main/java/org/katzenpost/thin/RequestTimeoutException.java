package org.katzenpost.thin;

/** A request got no answer before its deadline. */
public class RequestTimeoutException extends ThinClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, for people; never contains secrets
     */
    public RequestTimeoutException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the failure that caused it.
     *
     * @param message what failed, for people; never contains secrets
     * @param cause the underlying failure, or null
     */
    public RequestTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
