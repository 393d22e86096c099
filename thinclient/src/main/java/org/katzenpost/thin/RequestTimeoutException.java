package org.katzenpost.thin;

/** A request got no answer before its deadline. */
public class RequestTimeoutException extends ThinClientException {
    private static final long serialVersionUID = 1L;

    public RequestTimeoutException(String message) {
        super(message);
    }

    public RequestTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
