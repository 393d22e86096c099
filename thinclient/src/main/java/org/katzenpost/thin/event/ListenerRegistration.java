package org.katzenpost.thin.event;

/** Handle returned when a listener is added; closing it removes the listener. */
public interface ListenerRegistration extends AutoCloseable {
    /**
     * Events this listener missed because it was too slow (its queue overflowed).
     *
     * @return the count since the listener was added, zero or positive
     */
    long droppedCount();

    /** Removes the listener, so no further events are queued for it. Idempotent, never throws. */
    @Override
    void close();
}
