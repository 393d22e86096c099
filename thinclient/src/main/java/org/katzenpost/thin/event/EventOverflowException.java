package org.katzenpost.thin.event;

import org.katzenpost.thin.ThinClientException;

/** A subscription with {@link OverflowPolicy#FAIL} overflowed; it was closed and an event was not delivered. */
public class EventOverflowException extends ThinClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the subscription's event type and queue size
     */
    public EventOverflowException(String message) {
        super(message);
    }
}
