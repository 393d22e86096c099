package org.katzenpost.groups;

/**
 * Bytes that are not an event of the expected type: malformed, from an unknown event type, or missing a
 * required field. Messages name the problem, never the content.
 */
public class EventFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message what is wrong
     */
    public EventFormatException(String message) {
        super(message);
    }

    /**
     * Makes the exception.
     *
     * @param message what is wrong
     * @param cause the underlying failure
     */
    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
