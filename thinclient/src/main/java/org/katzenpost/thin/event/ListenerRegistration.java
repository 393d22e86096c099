package org.katzenpost.thin.event;

/** Handle returned when a listener is added; closing it removes the listener. */
public interface ListenerRegistration extends AutoCloseable {
    /**
     * Events this listener missed because it was too slow (its queue overflowed).
     *
     * @return the count since the listener was added, zero or positive
     */
    long droppedCount();

    /**
     * Removes the listener: no event is handed to it after this returns, except one it is already running. Idempotent,
     * never throws.
     */
    @Override
    void close();
}
