package org.katzenpost.thin.internal.session;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.katzenpost.thin.ClientClosedException;
import org.katzenpost.thin.DaemonConnectionException;
import org.katzenpost.thin.PayloadTooLargeException;
import org.katzenpost.thin.ProtocolViolationException;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.ThinClientConfig;
import org.katzenpost.thin.ThinClientException;
import org.katzenpost.thin.Durations;
import org.katzenpost.thin.internal.stats.RecordedFuture;
import org.katzenpost.thin.internal.stats.StatisticsRecorder;
import org.katzenpost.thin.internal.wire.Requests.QueryRequest;
import org.katzenpost.thin.internal.wire.Frames;
import org.katzenpost.thin.internal.wire.Responses.QueryReply;
import org.katzenpost.thin.internal.wire.WireCodec;
import org.katzenpost.thin.stats.RequestKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests that carry a {@code query_id}, from the call to the reply: the table of calls in flight keyed by
 * query id, each call's deadline, its frame queued on the connection, and the re-sends after a reconnect
 * ({@link Reissue}). A call ends exactly once: with its reply, with a {@code ProtocolViolationException} when
 * its reply does not decode or is of another kind, at its deadline, when its frame cannot be written (with
 * {@code FAIL_FAST}) or is refused by the connection, or when the session fails every call.
 */
final class Calls {
    private static final Logger log = LoggerFactory.getLogger(Calls.class);

    private final Session session;
    private final ThinClientConfig config;
    private final WireCodec codec;
    private final Executor callbacks;
    private final ScheduledExecutorService scheduler;
    /** Completes replies on the callback pool without a thread hand-off per reply. */
    private final Completions completions;
    private final StatisticsRecorder stats;
    private final ConcurrentHashMap<IdKey, PendingCall<?>> pending = new ConcurrentHashMap<>();
    /** Replies that came without a valid query id, for the log's rate limit. */
    private final WarnLimiter repliesWithoutQueryId = new WarnLimiter();
    /** Set when the connection is lost and reconnection is off: nothing will come, calls fail at once. */
    private volatile DaemonConnectionException gone;

    Calls(Session session, WireCodec codec, Executor callbacks, Completions completions,
            ScheduledExecutorService scheduler, StatisticsRecorder stats) {
        this.session = session;
        this.config = session.config();
        this.codec = codec;
        this.callbacks = callbacks;
        this.scheduler = scheduler;
        this.completions = completions;
        this.stats = stats;
    }

    /** See {@link Session#call}. */
    <R extends QueryReply> CompletableFuture<R> call(QueryRequest request, Class<R> replyType, Duration timeout,
            Reissue reissue) {
        if (session.isClosed()) {
            return CompletableFuture.failedFuture(new ClientClosedException("client is closed"));
        }
        // before the call is registered: a frame the connection refuses would leave it waiting for its deadline
        byte[] body = requireFrameLength(codec.encodeRequest(request), request.wireKey());
        IdKey key = IdKey.of(request.queryId());
        if (key == null) {
            throw new IllegalArgumentException("query id must be 16 bytes");
        }
        DaemonConnectionException down = gone;
        if (down != null && session.current() == null) {
            // reconnection is off and the connection is gone: nothing will ever answer
            return CompletableFuture.failedFuture(notConnected(down));
        }
        long started = System.nanoTime();
        long timeoutNanos = Durations.toNanos(timeout); // before the call is registered: nothing may throw after
        PendingCall<R> p = new PendingCall<>(request.wireKey(), replyType, body, reissue, stats.enabled()
                ? new RecordedFuture<>(stats, RequestKind.fromWireName(request.wireKey()), QueryReply::errorCode)
                : new CompletableFuture<>());
        if (pending.putIfAbsent(key, p) != null) {
            IllegalArgumentException e = new IllegalArgumentException("a request with this query id is already in flight");
            p.future.completeExceptionally(e);
            throw e;
        }
        p.future.whenComplete((r, t) -> {
            pending.remove(key, p);
            ScheduledFuture<?> timer = p.timer;
            if (timer != null) {
                timer.cancel(false);
            }
        });
        p.timer = scheduler.schedule(() -> timedOut(key, p, timeout, started), timeoutNanos, TimeUnit.NANOSECONDS);
        if (p.future.isDone()) {
            p.timer.cancel(false); // ended (failAll, a cancel) before its timer was set: the listener saw no timer
        }
        Connection c = session.current();
        if (c != null) {
            Connection.Outgoing o = new Connection.Outgoing(body, p, null);
            if (p.awaited) {
                c.writeHereIfFree(o); // the caller waits for the reply anyway: no writer to wake if it cannot block
            } else {
                c.enqueue(o);
            }
        } else if (config.disconnectedCallPolicy() == ThinClientConfig.DisconnectedCallPolicy.FAIL_FAST) {
            pending.remove(key, p);
            p.future.completeExceptionally(session.notConnected());
        } // else it waits in the table and writePending() writes it after reconnecting
        DaemonConnectionException lost = gone;
        if (lost != null && pending.remove(key, p)) {
            // the connection went (reconnection off) while we registered: failAll() may have missed us
            p.future.completeExceptionally(notConnected(lost));
        }
        if (session.isClosed() && pending.remove(key, p)) {
            p.future.completeExceptionally(new ClientClosedException("client is closed"));
        }
        return p.future;
    }

    /**
     * {@code body}, if it fits in one frame (docs/protocol.md, "Limit"; the daemon drops a connection that sends a
     * longer one); checked before anything of the request is registered or queued.
     *
     * @throws PayloadTooLargeException when the request is over the frame limit: its arguments are too large
     */
    static byte[] requireFrameLength(byte[] body, String wireKey) {
        if (body.length > Frames.MAX_FRAME_LENGTH) {
            throw new PayloadTooLargeException(wireKey + " request of " + body.length + " bytes exceeds kpclientd's "
                    + Frames.MAX_FRAME_LENGTH + "-byte frame limit");
        }
        return body;
    }

    private void timedOut(IdKey key, PendingCall<?> p, Duration timeout, long started) {
        // Forget the call before failing it, so no caller ever sees it still in flight.
        if (pending.remove(key, p)) {
            // the protocol failures that dropped the connection meanwhile are the likely reason: say so
            Throwable cause = session.protocolFailureSince(started);
            String state = session.current() == null ? " (kpclientd is disconnected)"
                    : !p.sent ? " (its request could not be written in time)" : "";
            RequestTimeoutException e = new RequestTimeoutException(p.requestKind + " got no reply within "
                    + timeout + state + (cause == null ? "" : "; the connection failed meanwhile: "
                    + cause.getMessage()), cause);
            SessionTasks.completeOn(callbacks, () -> p.future.completeExceptionally(e));
        }
    }

    private DaemonConnectionException notConnected(DaemonConnectionException gone) {
        return new DaemonConnectionException("not connected to kpclientd at " + config.dial() + ": "
                + gone.getMessage(), gone.getCause());
    }

    /** Queues the call's frame on the connection; never blocks (see {@link Connection}). */
    private void write(Connection c, PendingCall<?> p) {
        c.enqueue(new Connection.Outgoing(p.body, p, null));
    }

    /**
     * Writes, on a connection just attached, the calls whose request has not been written, and those that
     * {@link Reissue} says to send again.
     *
     * @return how many were written
     */
    int writePending(Connection c, boolean daemonRestarted) {
        int written = 0;
        for (PendingCall<?> p : pending.values()) {
            boolean again = p.reissue == Reissue.ALWAYS
                    || (p.reissue == Reissue.ON_DAEMON_RESTART && daemonRestarted);
            if ((!p.sent || again) && !p.future.isDone()) {
                try {
                    write(c, p);
                    written++;
                } catch (RuntimeException e) {
                    // that call alone fails: a request the connection refuses must never fail the reconnect
                    if (pending.values().remove(p)) {
                        SessionTasks.completeOn(callbacks, () -> p.future.completeExceptionally(e));
                    }
                }
            }
        }
        return written;
    }

    /** The writer could not write a call's frame because the connection broke. */
    void writeFailed(Connection.Outgoing o, IOException e) {
        PendingCall<?> p = o.call;
        log.debug("write of {} failed: {}", p.requestKind, e.toString());
        if (session.isClosed()) {
            return; // close() fails every call
        }
        if (config.disconnectedCallPolicy() == ThinClientConfig.DisconnectedCallPolicy.FAIL_FAST) {
            if (pending.values().remove(p)) {
                DaemonConnectionException failure = new DaemonConnectionException(
                        "could not send " + p.requestKind + " to kpclientd: " + e.getMessage(), e);
                SessionTasks.completeOn(callbacks, () -> p.future.completeExceptionally(failure));
            }
        } // else the call stays pending: writePending() writes it again after reconnecting, or failAll() ends it
    }

    /** The reader of {@code c} got a reply: completes its call, if it is still waiting and of the right type. */
    void complete(Connection c, QueryReply reply) {
        IdKey key = IdKey.of(reply.queryId());
        if (key == null) {
            long n = repliesWithoutQueryId.next();
            WarnLimiter.log(log, n, "ignored a {} without a valid query id ({} so far)", reply.wireKey(), n);
            return;
        }
        PendingCall<?> p = pending.get(key);
        if (p == null) {
            log.debug("ignored a {} for a query that is finished or unknown", reply.wireKey());
            return;
        }
        if (p.writtenOn == c) {
            c.answered(p.writtenFrame); // the daemon has read that frame and those before it
        }
        if (!p.accepts(reply)) {
            // nothing else will answer it: fail it now rather than at its deadline (which may be never)
            log.warn("kpclientd answered a {} request with a {}", p.requestKind, reply.wireKey());
            failViolation(key, p, new ProtocolViolationException("kpclientd answered " + p.requestKind
                    + " with a " + reply.wireKey() + ", not the reply of that request"));
            return;
        }
        if (pending.remove(key, p)) {
            if (p.awaited) {
                // no application code depends on it: completing here wakes the waiting thread without first
                // waking a worker (docs/performance.md, "Fewer hops for a blocking call")
                p.completeWith(reply); // its stages' exceptions go to their own futures, never here
            } else {
                completions.execute(() -> p.completeWith(reply));
            }
        }
    }

    /**
     * The reader of {@code c} could not decode a {@code kind} frame that carries the query id of a call:
     * fails that call now with a {@link ProtocolViolationException} saying {@code problem}, since its reply came
     * and nothing else will.
     */
    void failMalformed(Connection c, byte[] queryId, String kind, String problem) {
        IdKey key = IdKey.of(queryId);
        PendingCall<?> p = key == null ? null : pending.get(key);
        if (p == null) {
            return;
        }
        if (p.writtenOn == c) {
            c.answered(p.writtenFrame);
        }
        failViolation(key, p, new ProtocolViolationException("kpclientd's " + kind + " to " + p.requestKind
                + " could not be decoded: " + problem));
    }

    private void failViolation(IdKey key, PendingCall<?> p, ProtocolViolationException e) {
        if (pending.remove(key, p)) {
            if (p.awaited) {
                p.future.completeExceptionally(e); // as complete() does: only a waiting thread depends on it
            } else {
                completions.execute(() -> p.future.completeExceptionally(e));
            }
        }
    }

    /** Whether the connection is gone for good (lost with reconnection off, and not started again). */
    boolean isGone() {
        return gone != null;
    }

    /**
     * The connection is lost and will not come back: every later call fails at once with {@code e}. The calls in
     * flight are failed by {@link #failAll}, after it.
     */
    void markGone(DaemonConnectionException e) {
        gone = e;
    }

    /** A connection is attached again (the application called {@code start()} after a loss): calls go out again. */
    void markBack() {
        gone = null;
    }

    /** Fails every call in flight (on the callback pool, or here once it refuses: see SessionTasks#completeOn). */
    void failAll(ThinClientException cause) {
        for (Map.Entry<IdKey, PendingCall<?>> e : pending.entrySet()) {
            PendingCall<?> p = e.getValue();
            if (pending.remove(e.getKey(), p)) {
                SessionTasks.completeOn(callbacks, () -> p.future.completeExceptionally(cause));
            }
        }
    }

    /** Calls in flight (for tests and diagnostics). */
    int size() {
        return pending.size();
    }
}
