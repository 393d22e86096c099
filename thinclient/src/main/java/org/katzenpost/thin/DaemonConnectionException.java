package org.katzenpost.thin;

/** The daemon could not be reached, or the connection to it was lost. */
public class DaemonConnectionException extends ThinClientException {
    private static final long serialVersionUID = 1L;

    public DaemonConnectionException(String message) {
        super(message);
    }

    public DaemonConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
