package org.katzenpost.thin.internal.cbor;

/** Malformed, truncated or unexpected CBOR. Internal: the session layer maps it to a public exception. */
public final class CborException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CborException(String message) {
        super(message);
    }
}
