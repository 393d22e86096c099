package org.katzenpost.thin.cbor;

/** Input that is not one well-formed CBOR item of the supported data model ({@link Cbor#decode}). */
public class CborFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message what is wrong (never the input bytes themselves)
     */
    public CborFormatException(String message) {
        super(message);
    }
}
