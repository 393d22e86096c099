package org.katzenpost.thin.event;

/** Handle returned when a listener is added; closing it removes the listener. */
public interface ListenerRegistration extends AutoCloseable {
    /** Events this listener missed because it was too slow (its queue overflowed). */
    long droppedCount();

    @Override
    void close();
}
