package org.katzenpost.it.soak;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.katzenpost.thin.ThinClientException;

/**
 * Every call the soak makes, with its own deadline: a call must complete, or fail with a typed exception
 * ({@link ThinClientException}), by its deadline plus a slack. A call that has done neither by then is LOST (counted
 * once, when the sweep finds it); if it ends later it is also counted as late. Thread-safe.
 */
final class CallLedger {
    /** One call. */
    static final class Call {
        final String kind;
        final long startNanos;
        final long lostAfterNanos;
        /** 0 pending, 1 ended in time, 2 declared lost (and maybe ended later). */
        final AtomicInteger state = new AtomicInteger();

        Call(String kind, long startNanos, long lostAfterNanos) {
            this.kind = kind;
            this.startNanos = startNanos;
            this.lostAfterNanos = lostAfterNanos;
        }
    }

    /** Per kind of call. */
    static final class Stats {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong completed = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong lost = new AtomicLong();
        final AtomicLong late = new AtomicLong();
        final AtomicLong untyped = new AtomicLong();
        final Map<String, AtomicLong> failedByType = new ConcurrentHashMap<>();
        final AtomicLong maxMillis = new AtomicLong();
    }

    private final long slackNanos;
    private final Map<String, Stats> byKind = new ConcurrentHashMap<>();
    private final Map<Call, Boolean> pending = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastSuccessNanos = new ConcurrentHashMap<>();

    CallLedger(Duration slack) {
        this.slackNanos = slack.toNanos();
    }

    Stats stats(String kind) {
        return byKind.computeIfAbsent(kind, k -> new Stats());
    }

    /** A call of {@code kind} with deadline {@code timeout} starts now. */
    Call begin(String kind, Duration timeout) {
        long now = System.nanoTime();
        Call c = new Call(kind, now, now + timeout.toNanos() + slackNanos);
        stats(kind).sent.incrementAndGet();
        pending.put(c, Boolean.TRUE);
        return c;
    }

    void succeeded(Call c) {
        if (end(c)) {
            stats(c.kind).completed.incrementAndGet();
        }
        lastSuccessNanos.computeIfAbsent(c.kind, k -> new AtomicLong()).set(System.nanoTime());
    }

    void failed(Call c, Throwable t) {
        Throwable cause = unwrap(t);
        Stats s = stats(c.kind);
        if (end(c)) {
            s.failed.incrementAndGet();
            String type = cause.getClass().getSimpleName();
            s.failedByType.computeIfAbsent(type, k -> new AtomicLong()).incrementAndGet();
            if (!(cause instanceof ThinClientException)) {
                s.untyped.incrementAndGet();
                Soak.log("untyped failure of " + c.kind + ": " + cause);
            }
        }
    }

    /** Marks the end of a call; false (and counted late) when it had already been declared lost. */
    private boolean end(Call c) {
        pending.remove(c);
        Stats s = stats(c.kind);
        s.maxMillis.accumulateAndGet((System.nanoTime() - c.startNanos) / 1_000_000, Math::max);
        if (c.state.compareAndSet(0, 1)) {
            return true;
        }
        s.late.incrementAndGet();
        return false;
    }

    /** Declares lost every pending call past its deadline plus slack; returns how many it found now. */
    int sweep() {
        long now = System.nanoTime();
        int n = 0;
        for (Call c : pending.keySet()) {
            if (now - c.lostAfterNanos > 0 && c.state.compareAndSet(0, 2)) {
                pending.remove(c);
                stats(c.kind).lost.incrementAndGet();
                Soak.log("LOST: a " + c.kind + " call started " + (now - c.startNanos) / 1_000_000
                        + " ms ago has neither completed nor failed by its deadline + slack");
                n++;
            }
        }
        return n;
    }

    /** At the very end: every call still pending is lost (the soak is leaving without its outcome). */
    int abandonAll() {
        int n = 0;
        for (Call c : pending.keySet()) {
            if (c.state.compareAndSet(0, 2)) {
                pending.remove(c);
                stats(c.kind).lost.incrementAndGet();
                Soak.log("LOST: a " + c.kind + " call started " + (System.nanoTime() - c.startNanos) / 1_000_000
                        + " ms ago was still pending when the soak ended");
                n++;
            }
        }
        return n;
    }

    /** Calls still pending (not yet past their deadline + slack). */
    int pendingCount() {
        return pending.size();
    }

    /** When a call of {@code kind} last succeeded ({@link System#nanoTime()}), or 0. */
    long lastSuccess(String kind) {
        AtomicLong l = lastSuccessNanos.get(kind);
        return l == null ? 0 : l.get();
    }

    /**
     * Runs {@code call} as a tracked call of {@code kind}: a call that throws at once counts as failed, the returned
     * future's outcome as completed or failed.
     */
    <T> CompletableFuture<T> track(String kind, Duration timeout, Supplier<CompletableFuture<T>> call) {
        Call c = begin(kind, timeout);
        CompletableFuture<T> f;
        try {
            f = call.get();
        } catch (RuntimeException e) {
            failed(c, e);
            return CompletableFuture.failedFuture(e);
        }
        f.whenComplete((v, t) -> {
            if (t == null) {
                succeeded(c);
            } else {
                failed(c, t);
            }
        });
        return f;
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    Map<String, Stats> snapshot() {
        return new TreeMap<>(byKind);
    }

    long total(java.util.function.ToLongFunction<Stats> f) {
        return byKind.values().stream().mapToLong(f).sum();
    }
}
