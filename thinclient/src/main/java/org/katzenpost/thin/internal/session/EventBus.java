package org.katzenpost.thin.internal.session;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.katzenpost.thin.event.EventOverflowException;
import org.katzenpost.thin.event.EventSubscription;
import org.katzenpost.thin.event.ListenerRegistration;
import org.katzenpost.thin.event.OverflowPolicy;
import org.katzenpost.thin.event.ThinClientEvent;
import org.katzenpost.thin.Durations;
import org.katzenpost.thin.stats.EventConsumerStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans events out to listeners and subscriptions without ever blocking the publisher (the reader thread).
 * Every consumer has its own bounded queue, so a slow one only hurts itself; listeners run on the callback
 * executor one event at a time each, preserving order per listener.
 */
public final class EventBus {
    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private final List<Sink<?>> sinks = new CopyOnWriteArrayList<>();
    private final Executor callbacks;
    private final Consumer<ThinClientEvent> tap;
    /** Events dropped by every sink since the bus was created, closed sinks included. */
    private final AtomicLong droppedTotal = new AtomicLong();

    public EventBus(Executor callbacks) {
        this(callbacks, e -> {});
    }

    /** A bus that also shows every published event to {@code tap} first, on the publishing thread. */
    public EventBus(Executor callbacks, Consumer<ThinClientEvent> tap) {
        this.callbacks = callbacks;
        this.tap = tap;
    }

    public void publish(ThinClientEvent event) {
        tap.accept(event);
        for (Sink<?> sink : sinks) {
            sink.offerIfMatches(event);
        }
    }

    public <E extends ThinClientEvent> ListenerRegistration addListener(Class<E> type, Consumer<? super E> listener,
            int capacity, OverflowPolicy policy) {
        ListenerSink<E> sink = new ListenerSink<>(type, listener, capacity, policy);
        sinks.add(sink);
        return sink;
    }

    public <E extends ThinClientEvent> EventSubscription<E> subscribe(Class<E> type, int capacity,
            OverflowPolicy policy) {
        PullSink<E> sink = new PullSink<>(type, capacity, policy);
        sinks.add(sink);
        return sink;
    }

    /** The open listeners and subscriptions with their queue figures. */
    public List<EventConsumerStatistics> consumerStatistics() {
        List<EventConsumerStatistics> out = new ArrayList<>();
        for (Sink<?> s : sinks) {
            out.add(s.statistics());
        }
        return out;
    }

    /** Events dropped by every listener and subscription so far, closed ones included. */
    public long droppedTotal() {
        return droppedTotal.get();
    }

    /** Ends every subscription (pollers drain what is queued, then see empty) and drops listeners. */
    public void closeAll() {
        for (Sink<?> s : sinks) {
            s.close();
        }
        sinks.clear();
    }

    /** Common bounded-queue behaviour; subclasses decide how events leave the queue. */
    private abstract class Sink<E extends ThinClientEvent> {
        final Class<E> type;
        final int capacity;
        final OverflowPolicy policy;
        final ArrayDeque<E> queue = new ArrayDeque<>();
        final ReentrantLock lock = new ReentrantLock();
        final WarnLimiter dropped = new WarnLimiter();
        boolean closed;
        boolean overflowed;

        Sink(Class<E> type, int capacity, OverflowPolicy policy) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be at least 1");
            }
            this.type = type;
            this.capacity = capacity;
            this.policy = policy;
        }

        void offerIfMatches(ThinClientEvent event) {
            if (type.isInstance(event)) {
                offer(type.cast(event));
            }
        }

        void offer(E event) {
            long drop = 0; // this offer's number among the sink's drops, 0 when it dropped none
            lock.lock();
            try {
                if (closed || overflowed) {
                    return;
                }
                if (queue.size() < capacity) {
                    queue.addLast(event);
                } else {
                    switch (policy) {
                        case DROP_OLDEST:
                            queue.pollFirst();
                            queue.addLast(event);
                            break;
                        case DROP_NEWEST:
                            break;
                        default:
                            overflowed = true;
                            sinks.remove(this);
                    }
                    drop = dropped.next();
                    droppedTotal.incrementAndGet();
                }
                signal();
            } finally {
                lock.unlock();
            }
            if (drop > 0) {
                logDrop(drop);
            }
            afterOffer();
        }

        /** Logged outside the lock, with the number {@link WarnLimiter#next()} gave this drop (each number once). */
        private void logDrop(long n) {
            if (WarnLimiter.warns(n)) {
                log.warn("{} queue for {} events is full (capacity {}): {} events dropped so far, policy {}",
                        kind(), type.getSimpleName(), capacity, n, policy);
            }
        }

        abstract String kind();

        EventConsumerStatistics statistics() {
            int queued;
            lock.lock();
            try {
                queued = queue.size();
            } finally {
                lock.unlock();
            }
            return new EventConsumerStatistics(kind(), type.getSimpleName(), capacity, policy, queued, dropped.count());
        }

        void signal() {}

        void afterOffer() {}

        public long droppedCount() {
            return dropped.count();
        }

        public void close() {
            lock.lock();
            try {
                closed = true;
                signal();
            } finally {
                lock.unlock();
            }
            sinks.remove(this);
        }
    }

    private final class PullSink<E extends ThinClientEvent> extends Sink<E> implements EventSubscription<E> {
        private final Condition nonEmpty = lock.newCondition();

        PullSink(Class<E> type, int capacity, OverflowPolicy policy) {
            super(type, capacity, policy);
        }

        @Override
        String kind() {
            return "subscription";
        }

        @Override
        void signal() {
            nonEmpty.signalAll();
        }

        @Override
        public Optional<E> poll(Duration timeout) throws InterruptedException {
            long nanos = Durations.toNanos(timeout);
            lock.lock();
            try {
                while (queue.isEmpty()) {
                    if (overflowed) {
                        throw new EventOverflowException("subscription to " + type.getSimpleName()
                                + " events overflowed its " + capacity + "-event queue and was closed");
                    }
                    if (closed || nanos <= 0) {
                        return Optional.empty();
                    }
                    nanos = nonEmpty.awaitNanos(nanos);
                }
                return Optional.of(queue.pollFirst());
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int capacity() {
            return capacity;
        }

        @Override
        public OverflowPolicy overflowPolicy() {
            return policy;
        }

        @Override
        public boolean isClosed() {
            lock.lock();
            try {
                return closed || overflowed;
            } finally {
                lock.unlock();
            }
        }
    }

    private final class ListenerSink<E extends ThinClientEvent> extends Sink<E> implements ListenerRegistration {
        private final Consumer<? super E> listener;
        private boolean scheduled;

        ListenerSink(Class<E> type, Consumer<? super E> listener, int capacity, OverflowPolicy policy) {
            super(type, capacity, policy);
            this.listener = listener;
        }

        @Override
        String kind() {
            return "listener";
        }

        @Override
        void afterOffer() {
            lock.lock();
            try {
                if (scheduled || queue.isEmpty()) {
                    return;
                }
                scheduled = true;
            } finally {
                lock.unlock();
            }
            try {
                callbacks.execute(this::drain);
            } catch (RejectedExecutionException e) {
                log.debug("callback executor shut down; listener not run");
            }
        }

        private void drain() {
            while (true) {
                E next;
                lock.lock();
                try {
                    next = queue.pollFirst();
                    if (next == null) {
                        scheduled = false;
                        return;
                    }
                } finally {
                    lock.unlock();
                }
                try {
                    listener.accept(next);
                } catch (VirtualMachineError e) {
                    // The JVM is failing (out of memory, say): let the error reach the thread's handler, but
                    // leave the listener able to run again, with what is queued rescheduled.
                    lock.lock();
                    try {
                        scheduled = false;
                    } finally {
                        lock.unlock();
                    }
                    try {
                        afterOffer();
                    } catch (Throwable again) {
                        e.addSuppressed(again);
                    }
                    throw e;
                } catch (Throwable e) {
                    // An Error from a listener (an AssertionError, say) is the listener's bug like a
                    // RuntimeException: escaping here would leave scheduled set and the listener dead for good.
                    log.warn("event listener for {} threw; the event is consumed and the listener stays registered",
                            type.getSimpleName(), e);
                }
            }
        }
    }
}
