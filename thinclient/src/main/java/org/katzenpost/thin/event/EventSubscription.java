package org.katzenpost.thin.event;

import java.time.Duration;
import java.util.Optional;

/**
 * A pull-style view of the event stream, filtered by type, with a bounded queue.
 * Obtain one from {@code ThinClient.subscribe}; close it when done so the client stops queueing for it.
 */
public interface EventSubscription<E extends ThinClientEvent> extends AutoCloseable {
    /** The next event, waiting at most {@code timeout}; empty on timeout or once closed and drained. */
    Optional<E> poll(Duration timeout) throws InterruptedException;

    /** Events discarded because the queue was full. */
    long droppedCount();

    int capacity();

    OverflowPolicy overflowPolicy();

    boolean isClosed();

    @Override
    void close();
}
