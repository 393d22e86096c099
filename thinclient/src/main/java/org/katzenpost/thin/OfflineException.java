package org.katzenpost.thin;

/** The daemon is up but has no link to the mixnet, and the call needs one. */
public class OfflineException extends ThinClientException {
    private static final long serialVersionUID = 1L;

    public OfflineException(String message) {
        super(message);
    }

    public OfflineException(String message, Throwable cause) {
        super(message, cause);
    }
}
