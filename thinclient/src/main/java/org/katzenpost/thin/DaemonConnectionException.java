package org.katzenpost.thin;

/** The daemon could not be reached, or the connection to it was lost. */
public class DaemonConnectionException extends ThinClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, for people; never contains secrets
     */
    public DaemonConnectionException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the failure that caused it.
     *
     * @param message what failed, for people; never contains secrets
     * @param cause the underlying failure, or null
     */
    public DaemonConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
