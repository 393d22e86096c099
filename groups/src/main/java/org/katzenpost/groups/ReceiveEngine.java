package org.katzenpost.groups;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.katzenpost.store.PersistentChannels;
import org.katzenpost.store.ReceivedMessage;
import org.katzenpost.thin.ClientClosedException;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.Durations;
import org.katzenpost.thin.pigeonhole.ChannelFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives from read channels of a store, concurrently, with at most one read per channel in flight.
 *
 * <p>A read stores the message (and moves the channel on) before anything else; a receive then hands stored
 * messages out. A message is reserved while it is being handed out, marked consumed only once the caller's
 * future took it, and released again if the future was cancelled, timed out or was otherwise ended by the caller
 * first (a receive that looked meanwhile steps again): so a message whose
 * position has advanced is never lost (the next receive gets it) and never handed out twice. Reads go on after
 * a receive gave up; what they bring is stored for the next receive.
 */
final class ReceiveEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReceiveEngine.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    enum Mode {
        /** The next message of the one channel given. */
        ONE,
        /** The oldest stored message of any channel given, or the first to arrive. */
        ANY,
        /** One message of each channel given; at the deadline, what arrived (never a timeout). */
        ALL
    }

    private final PersistentChannels channels;
    private final ExecutorService readers;
    private final ScheduledExecutorService timer;
    private final ExecutorService writer;
    private final Object lock = new Object();
    private final Map<String, CompletableFuture<Void>> inFlight = new HashMap<>();
    private final Map<Long, String> reserved = new HashMap<>();
    private final Function<String, String> channelOf;
    private final Control control;
    private final AtomicInteger reads = new AtomicInteger();
    /**
     * Completes (and is replaced) whenever reservations end: a step that looked while another receive held
     * messages waits on it too, since a message released unconsumed, or a control message it held back, is now
     * free. Under {@link #lock}.
     */
    private CompletableFuture<Void> reservationsEnded = new CompletableFuture<>();
    /** Runs in each step between its look at the store and its reads: tests widen that window with it. */
    volatile Runnable afterLook = () -> {};
    private boolean closed;

    /** Messages that steer the receiving rather than carry an event (e.g. a stream rotation). */
    interface Control {
        /** Whether {@code m} is a control message. */
        boolean isControl(ReceivedMessage m);

        /** Applies control message {@code m} of {@code key}, under the engine's lock. */
        void apply(String key, ReceivedMessage m);

        Control NONE = new Control() {
            @Override
            public boolean isControl(ReceivedMessage m) {
                return false;
            }

            @Override
            public void apply(String key, ReceivedMessage m) {}
        };
    }

    ReceiveEngine(PersistentChannels channels, String name) {
        this(channels, name, k -> k, Control.NONE);
    }

    /**
     * An engine whose receives name keys; {@code channelOf} gives the read channel a key reads now (null: none),
     * and {@code control} handles control messages.
     */
    ReceiveEngine(PersistentChannels channels, String name, Function<String, String> channelOf, Control control) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.channelOf = channelOf;
        this.control = control;
        String threads = "katzenpost-" + name + "-" + POOLS.incrementAndGet();
        this.readers = Executors.newCachedThreadPool(new DaemonThreads(threads + "-read-"));
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
                new DaemonThreads(threads + "-timer-"));
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
        this.writer = Executors.newSingleThreadExecutor(new DaemonThreads(threads + "-write-"));
    }

    /** Runs {@code work} (a blocking store write) on the one writer thread, so writes keep their call order. */
    <T> CompletableFuture<T> write(Supplier<T> work) {
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new ClientClosedException("closed"));
            }
            return CompletableFuture.supplyAsync(work, writer);
        }
    }


    PersistentChannels channels() {
        return channels;
    }

    /** How many deadline timers are pending (a test hook: none outlives its receive). */
    int pendingTimers() {
        return ((ScheduledThreadPoolExecutor) timer).getQueue().size();
    }

    /** How many reads were started (a test hook: one per box, not one per receive). */
    int readsStarted() {
        return reads.get();
    }

    /** How many stored messages receives hold while handing them out (a test hook). */
    int reservations() {
        synchronized (lock) {
            return reserved.size();
        }
    }

    /** Whether a read of {@code channel} (a channel name) is in flight. */
    boolean reading(String channel) {
        synchronized (lock) {
            CompletableFuture<Void> f = inFlight.get(channel);
            return f != null && !f.isDone();
        }
    }

    /**
     * Receives per {@code mode} from {@code wanted} (keys), decoding each message with {@code decode} when it is
     * taken. Empty payloads (tombstoned boxes) and messages {@code decode} turns into null are consumed and
     * skipped.
     */
    <T, R> CompletableFuture<R> receive(List<String> wanted, Mode mode, Duration timeout,
            Function<ReceivedMessage, T> decode, Function<Map<String, T>, R> shape) {
        Durations.requirePositive(timeout, "timeout");
        if (wanted.isEmpty()) {
            if (mode == Mode.ALL) {
                return CompletableFuture.completedFuture(shape.apply(Map.of()));
            }
            throw new IllegalArgumentException("nothing to receive from");
        }
        if (mode == Mode.ONE && wanted.size() != 1) {
            throw new IllegalArgumentException("one channel");
        }
        Waiter<T, R> w = new Waiter<>(List.copyOf(wanted), mode, decode, shape, timeout);
        w.result.whenComplete((v, t) -> abandon(w)); // a no-op unless the caller ended it (a cancel, orTimeout)
        ScheduledFuture<?> alarm;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new ClientClosedException("closed"));
            }
            // a "forever" beyond the nanosecond range waits as long as the thin client's calls do (docs/api.md)
            alarm = timer.schedule(() -> deadline(w), Durations.toNanos(timeout), TimeUnit.NANOSECONDS);
        }
        w.result.whenComplete((v, t) -> alarm.cancel(false)); // no timer task outlives its receive
        step(w);
        return w.result;
    }

    private static final class Waiter<T, R> {
        final List<String> wanted;
        final Mode mode;
        final Function<ReceivedMessage, T> decode;
        final Function<Map<String, T>, R> shape;
        final Duration timeout;
        final CompletableFuture<R> result = new CompletableFuture<>();
        final Map<String, ReceivedMessage> held = new LinkedHashMap<>();
        final Map<String, T> values = new LinkedHashMap<>();
        boolean finished;

        Waiter(List<String> wanted, Mode mode, Function<ReceivedMessage, T> decode, Function<Map<String, T>, R> shape,
                Duration timeout) {
            this.wanted = wanted;
            this.mode = mode;
            this.decode = decode;
            this.shape = shape;
            this.timeout = timeout;
        }
    }

    /**
     * One step: hand out what is stored, else wait for the reads of the keys still lacking a message. Whatever
     * it throws fails the receive (it runs on the threads of completed reads, where an exception would be lost
     * and the receive would wait until its deadline).
     */
    private <T, R> void step(Waiter<T, R> w) {
        try {
            look(w);
        } catch (Throwable t) {
            if (!fail(w, t)) {
                // the reason may quote the event (an EventFormatException's message or cause): only at DEBUG
                log.warn("a receive that had ended failed afterwards: {}", t.getClass().getName());
                log.debug("the failure after the receive had ended", t);
            }
            if (t instanceof Error e) {
                throw e;
            }
        }
    }

    /**
     * Looks at the store and hands out what {@code w} wants, else starts or joins the reads it waits for.
     *
     * <p>A read stores its message, then completes. The look and the choice of reads are one critical section, so
     * no read starts in between; a read under way at the look may still complete before the choice, having stored
     * a message the look missed, so such a read is waited on (its completion runs the next step at once) rather
     * than followed by a read of the next box, which would wait for a box nobody wrote while the stored message
     * lay there. A message another receive holds is skipped; if that receive releases it unconsumed,
     * {@link #reservationsEnded} runs this step again.
     */
    private <T, R> void look(Waiter<T, R> w) {
        Map<String, T> done = null;
        RuntimeException failure = null;
        List<String> lacking = new ArrayList<>();
        Set<String> heldBack = new HashSet<>();
        List<CompletableFuture<Void>> fs = new ArrayList<>();
        synchronized (lock) {
            if (w.finished) {
                return;
            }
            Set<CompletableFuture<Void>> underWayAtLook = Collections.newSetFromMap(new IdentityHashMap<>());
            for (CompletableFuture<Void> read : inFlight.values()) {
                if (!read.isDone()) {
                    underWayAtLook.add(read);
                }
            }
            if (closed) {
                w.finished = true;
                failure = new ClientClosedException("closed");
            } else if (w.mode == Mode.ALL) {
                for (String key : w.wanted) {
                    if (!w.held.containsKey(key)) {
                        try {
                            takeInto(w, key, heldBack);
                        } catch (EventFormatException e) {
                            // the reason may quote the event (a codec's message): only at DEBUG
                            log.warn("skipped an event of {} that does not decode", key);
                            log.debug("the event of {} skipped: {}", key, e.getMessage());
                        }
                    }
                    if (!w.held.containsKey(key)) {
                        lacking.add(key);
                    }
                }
                if (lacking.isEmpty()) {
                    w.finished = true;
                    done = new LinkedHashMap<>(w.values);
                }
            } else {
                try {
                    boolean taken = false;
                    for (String key : byOldest(w.wanted)) {
                        if (takeInto(w, key, heldBack)) {
                            taken = true;
                            break;
                        }
                    }
                    if (taken) {
                        w.finished = true;
                        done = new LinkedHashMap<>(w.values);
                    } else {
                        lacking.addAll(w.wanted);
                    }
                } catch (EventFormatException e) {
                    w.finished = true;
                    failure = e;
                }
            }
            if (failure == null && done == null) {
                afterLook.run();
                boolean heldByAnother = !heldBack.isEmpty();
                for (String key : lacking) {
                    String ch = channelOf.apply(key);
                    // a key held back by another receive's reservation gets no read of a next box
                    if (ch != null && !heldBack.contains(key)) {
                        fs.add(fetch(ch, underWayAtLook));
                    }
                    // a lacking key's messages are never this receive's own reservations
                    heldByAnother |= ch != null && reserved.containsValue(ch);
                }
                if (heldByAnother) {
                    fs.add(reservationsEnded);
                }
            }
        }
        if (failure != null) {
            w.result.completeExceptionally(failure);
            return;
        }
        if (done != null) {
            hand(w, done);
            return;
        }
        if (fs.isEmpty()) { // every key still lacking left meanwhile (removed members): nothing to wait for
            if (w.mode == Mode.ALL) {
                Map<String, T> partial;
                synchronized (lock) {
                    if (w.finished) {
                        return;
                    }
                    w.finished = true;
                    partial = new LinkedHashMap<>(w.values);
                }
                hand(w, partial);
            } else {
                fail(w, new IllegalStateException("no longer receiving from any of the members asked for"));
            }
            return;
        }
        CompletableFuture.anyOf(fs.toArray(CompletableFuture[]::new)).whenComplete((v, t) -> {
            if (t != null) {
                Throwable cause = unwrap(t);
                if (!(cause instanceof RequestTimeoutException)) {
                    fail(w, cause);
                    return;
                }
            }
            step(w);
        });
    }

    /**
     * Reserves the oldest unreserved stored message of {@code key}'s channel into {@code w}: true if one was
     * taken. Tombstones (empty payloads) are consumed and skipped; control messages are applied (which may move
     * the key to another channel) and skipped, once every earlier message of their channel is settled (until
     * then {@code key} is added to {@code heldBack}).
     *
     * @throws EventFormatException if a message does not decode (it is consumed: the channel goes on past it)
     */
    private <T, R> boolean takeInto(Waiter<T, R> w, String key, Set<String> heldBack) {
        for (int guard = 0; guard < 1_000_000; guard++) {
            String ch = channelOf.apply(key);
            if (ch == null) {
                return false;
            }
            ReceivedMessage m = peek(ch);
            if (m == null) {
                return false;
            }
            if (m.payload() == null || m.payload().length == 0) {
                channels.consumed(m); // a tombstoned box: nothing to hand out
                continue;
            }
            if (control.isControl(m)) {
                if (reserved.containsValue(ch)) {
                    heldBack.add(key); // an earlier message is being handed out: settle it first
                    return false;
                }
                control.apply(key, m);
                if (ch.equals(channelOf.apply(key))) {
                    channels.consumed(m);
                } else {
                    inFlight.remove(ch);
                }
                continue;
            }
            T value;
            try {
                value = w.decode.apply(m);
            } catch (EventFormatException e) {
                channels.consumed(m);
                throw e;
            }
            if (value == null) {
                channels.consumed(m); // the caller has no use for it
                continue;
            }
            reserved.put(m.id(), ch);
            w.held.put(key, m);
            w.values.put(key, value);
            return true;
        }
        throw new IllegalStateException("too many control messages in a row on " + key);
    }

    /** The oldest stored message of {@code ch} not reserved by a receive, or null. Under the lock. */
    private ReceivedMessage peek(String ch) {
        for (ReceivedMessage m : channels.store().unconsumed(ch)) {
            if (!reserved.containsKey(m.id())) {
                return m;
            }
        }
        return null;
    }

    /** The keys among {@code wanted} that have a stored message, the one stored first first. */
    private List<String> byOldest(List<String> wanted) {
        Map<String, Long> first = new LinkedHashMap<>();
        for (String key : wanted) {
            String ch = channelOf.apply(key);
            ReceivedMessage m = ch == null ? null : peek(ch);
            if (m != null) {
                first.put(key, m.id());
            }
        }
        List<String> out = new ArrayList<>(first.keySet());
        out.sort((a, b) -> Long.compare(first.get(a), first.get(b)));
        return out;
    }

    /** Hands {@code value} to the caller; commits the held messages if it took them, else releases them. */
    private <T, R> void hand(Waiter<T, R> w, Map<String, T> value) {
        List<Long> ids = new ArrayList<>();
        synchronized (lock) {
            for (ReceivedMessage m : w.held.values()) {
                ids.add(m.id());
            }
        }
        boolean taken;
        try {
            taken = w.result.complete(w.shape.apply(value));
        } catch (RuntimeException | Error e) {
            taken = false;
            w.result.completeExceptionally(e);
        }
        boolean settled = false;
        try {
            if (taken && !ids.isEmpty()) {
                channels.store().markConsumed(ids);
            }
            settled = true;
        } finally {
            CompletableFuture<Void> ended;
            synchronized (lock) {
                if (settled) {
                    ids.forEach(reserved::remove);
                } else {
                    // handed out but not marked consumed: kept reserved, so that this engine never hands it out
                    // twice; a restart reads it again (and a later rotation of its channel waits until then)
                    log.error("could not mark messages {} consumed; they stay reserved until a restart", ids);
                }
                w.held.clear();
                ended = reservationsEnded();
            }
            wake(ended);
        }
    }

    private <T, R> void deadline(Waiter<T, R> w) {
        Map<String, T> partial;
        synchronized (lock) {
            if (w.finished) {
                return;
            }
            w.finished = true;
            partial = w.mode == Mode.ALL ? new LinkedHashMap<>(w.values) : null;
        }
        if (partial != null) {
            try {
                hand(w, partial);
            } catch (RuntimeException e) { // on the timer's thread, where nobody would see it
                log.warn("a receive's partial result was handed out, but settling it failed", e);
            }
        } else {
            w.result.completeExceptionally(new RequestTimeoutException("nothing received within " + w.timeout));
        }
    }

    /** Fails {@code w} unless it has ended: true if it had not. */
    private <T, R> boolean fail(Waiter<T, R> w, Throwable cause) {
        synchronized (lock) {
            if (w.finished) {
                return false;
            }
            w.finished = true;
        }
        release(w);
        w.result.completeExceptionally(cause);
        return true;
    }

    /** Gives {@code w} up when it ended by the caller's hand; the engine marks it finished before it completes it. */
    private <T, R> void abandon(Waiter<T, R> w) {
        synchronized (lock) {
            if (w.finished) {
                return;
            }
            w.finished = true;
        }
        release(w);
    }

    private <T, R> void release(Waiter<T, R> w) {
        CompletableFuture<Void> ended;
        synchronized (lock) {
            if (w.held.isEmpty()) {
                return;
            }
            for (ReceivedMessage m : w.held.values()) {
                reserved.remove(m.id());
            }
            w.held.clear();
            ended = reservationsEnded();
        }
        wake(ended);
    }

    /** Replaces {@link #reservationsEnded}, returning the old one for the caller to {@link #wake}. */
    private CompletableFuture<Void> reservationsEnded() {
        CompletableFuture<Void> ended = reservationsEnded;
        reservationsEnded = new CompletableFuture<>();
        return ended;
    }

    /**
     * Completes {@code f}, whose dependents are steps of waiting receives, never under the lock: on a reader
     * thread when the caller holds it (a codec or {@code then} that removes a member or cancels a receive, or
     * {@link #atomically}), so that those steps neither run inside the caller's change nor hand out a message
     * the caller is about to reserve.
     */
    private void wake(CompletableFuture<Void> f) {
        if (!Thread.holdsLock(lock)) {
            f.complete(null);
            return;
        }
        try {
            readers.execute(() -> f.complete(null));
        } catch (RejectedExecutionException closed) {
            // closing: the steps only see the close; CompletableFuture's default async pool, never a caller's thread
            CompletableFuture.runAsync(() -> f.complete(null));
        }
    }

    /**
     * Starts a read of the next box of {@code ch}, unless one is under way or ended after the caller looked at
     * the store (it is among {@code underWayAtLook}); completes once the box is stored.
     */
    private CompletableFuture<Void> fetch(String ch, Set<CompletableFuture<Void>> underWayAtLook) {
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new ClientClosedException("closed"));
            }
            CompletableFuture<Void> f = inFlight.get(ch);
            if (f == null || (f.isDone() && !underWayAtLook.contains(f))) {
                reads.incrementAndGet();
                CompletableFuture<Void> read = new CompletableFuture<>();
                inFlight.put(ch, read);
                Runnable task = () -> {
                    try {
                        channels.readNext(ch);
                        read.complete(null);
                    } catch (ChannelFormatException e) {
                        // a box that is not a frame: the store moved past it; skipped like an event that does not
                        // decode, and the waiting receives read on (its message names sizes, never content)
                        log.warn("skipped a box of {} that is not a channel frame: {}", ch, e.getMessage());
                        read.complete(null);
                    } catch (RuntimeException | Error e) {
                        boolean current;
                        synchronized (lock) {
                            current = inFlight.get(ch) == read;
                        }
                        if (current) {
                            read.completeExceptionally(e);
                        } else {
                            // the channel was left (a rotation, a removed member) while this read was out
                            log.debug("read of a channel no longer read ended: {}", e.getClass().getSimpleName());
                            read.complete(null);
                        }
                        if (e instanceof Error err) {
                            throw err; // only now: a read that never completes would stall its channel
                        }
                    }
                };
                try {
                    readers.execute(task);
                } catch (RuntimeException | Error e) { // no thread for it: the next step may try again
                    inFlight.remove(ch, read);
                    throw e;
                }
                f = read;
            }
            return f;
        }
    }

    /**
     * Runs {@code change} under the engine's lock, as control messages are applied and steps look: for changes
     * to what {@code channelOf} answers (removing a member) that a step or a rotation must see whole.
     */
    void atomically(Runnable change) {
        synchronized (lock) {
            change.run();
        }
    }

    /** Forgets {@code ch}: a read in flight is left to finish (it stores what it reads, or fails). */
    void forget(String ch) {
        CompletableFuture<Void> read;
        synchronized (lock) {
            read = inFlight.remove(ch);
        }
        if (read != null) {
            wake(read); // its waiters step now (and find the channel gone), not when the read ends
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public void close() {
        CompletableFuture<Void> ended;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            ended = reservationsEnded();
        }
        wake(ended); // receives waiting only for another's reservation step once more, and see the close
        readers.shutdownNow(); // interrupts reads: the thin client cancels them at the daemon
        timer.shutdownNow();
        writer.shutdown(); // sends already handed over finish (they are queued in the store anyway)
        try {
            readers.awaitTermination(10, TimeUnit.SECONDS);
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean isCancellation(Throwable t) {
        return unwrap(t) instanceof CancellationException;
    }
}
