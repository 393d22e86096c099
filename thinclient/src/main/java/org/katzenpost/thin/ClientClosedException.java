package org.katzenpost.thin;

/** The client was closed before or while the call ran. */
public class ClientClosedException extends ThinClientException {
    private static final long serialVersionUID = 1L;

    public ClientClosedException(String message) {
        super(message);
    }

    public ClientClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
