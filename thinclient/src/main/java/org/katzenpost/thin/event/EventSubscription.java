package org.katzenpost.thin.event;

import java.time.Duration;
import java.util.Optional;

/**
 * A pull-style view of the event stream, filtered by type, with a bounded queue.
 * Obtain one from {@code ThinClient.subscribe}; close it when done so the client stops queueing for it.
 * The client's reader thread never waits for the consumer: a full queue applies the {@link OverflowPolicy}.
 *
 * @param <E> the event type delivered: the subscribed class and its subtypes
 */
public interface EventSubscription<E extends ThinClientEvent> extends AutoCloseable {
    /**
     * The next event, in arrival order, waiting for one at most {@code timeout}. Safe to call from several threads;
     * each event goes to one caller.
     *
     * @param timeout the longest wait; zero or negative only takes an event already queued
     * @return the event; empty on timeout, or once the subscription is closed and its queue drained
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @throws EventOverflowException under {@link OverflowPolicy#FAIL}, once the queue overflowed and the events
     *        queued before that have been taken
     * @throws NullPointerException if {@code timeout} is null
     */
    Optional<E> poll(Duration timeout) throws InterruptedException;

    /**
     * Events discarded because the queue was full.
     *
     * @return the count since the subscription was made, zero or positive
     */
    long droppedCount();

    /**
     * The queue's size: as given to {@code ThinClient.subscribe(type, capacity, policy)}, else the client's
     * {@code ThinClientConfig.eventQueueCapacity()}.
     *
     * @return the most events held for this subscription at once
     */
    int capacity();

    /**
     * What happens when the queue is full: as given to {@code ThinClient.subscribe(type, capacity, policy)}, else
     * {@link OverflowPolicy#DROP_OLDEST}.
     *
     * @return the policy
     */
    OverflowPolicy overflowPolicy();

    /**
     * Whether the subscription was closed, by {@link #close()}, by the client's close, or by an overflow under {@link
     * OverflowPolicy#FAIL}.
     *
     * @return true once no more events are queued for it
     */
    boolean isClosed();

    /**
     * Stops queueing events for this subscription; events already queued can still be polled. Idempotent, never
     * throws.
     */
    @Override
    void close();
}
