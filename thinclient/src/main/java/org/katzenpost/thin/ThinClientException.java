package org.katzenpost.thin;

/** Root of every exception this library throws. Unchecked: callers catch the branch they can act on. */
public class ThinClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ThinClientException(String message) {
        super(message);
    }

    public ThinClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
