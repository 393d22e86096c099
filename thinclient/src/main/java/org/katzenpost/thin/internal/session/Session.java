package org.katzenpost.thin.internal.session;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.katzenpost.thin.ClientClosedException;
import org.katzenpost.thin.DaemonConnectionException;
import org.katzenpost.thin.Destination;
import org.katzenpost.thin.OfflineException;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.SphinxGeometry;
import org.katzenpost.thin.SurbId;
import org.katzenpost.thin.ThinClientConfig;
import org.katzenpost.thin.ThinClientException;
import org.katzenpost.thin.event.DaemonDisconnectedEvent;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.Durations;
import org.katzenpost.thin.internal.KernelRandom;
import org.katzenpost.thin.internal.SharedThreads;
import org.katzenpost.thin.internal.stats.RecordedFuture;
import org.katzenpost.thin.internal.stats.StatisticsRecorder;
import org.katzenpost.thin.internal.transport.Transport;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Requests.QueryRequest;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.Responses.QueryReply;
import org.katzenpost.thin.internal.wire.WireCodec;
import org.katzenpost.thin.pki.PkiDocument;
import org.katzenpost.thin.stats.ClientStatistics;
import org.katzenpost.thin.stats.RequestKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection state machine behind a {@code ThinClient}: owns the current connection and the client's tasks,
 * and puts the parts together. {@link Handshake} opens and handshakes a connection, {@link Dispatcher} reads it
 * and turns each frame into a reply or an event, {@link Calls} correlates requests with replies by query id and
 * keeps their deadlines, {@link SurbReplies} correlates message sends with their replies by SURB id,
 * {@link ReconnectWatchdog} reconnects, and {@link DaemonState} holds what the daemon reported.
 *
 * <p>Threads: none of its own. The reader of the current connection (decodes and dispatches, never runs user
 * code), reply completions, frame writes and listeners run on the JVM-wide worker pool, and deadlines and ARQ
 * timers on the JVM-wide timer ({@link SharedThreads}); a reconnect thread runs while reconnecting. A connected
 * client that is not used occupies only one worker, its reader. {@link #close()} returns once the reader and
 * every task of this session have ended, but for the one that calls it.
 */
public final class Session implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    private static final AtomicInteger SESSION_IDS = new AtomicInteger();
    /** One generator for every session token: making one per client looked up the provider each time. */

    private final ThinClientConfig config;
    private final byte[] sessionToken;
    private final WireCodec codec = new WireCodec();
    private final SessionTasks callbacks;
    private final ScheduledExecutorService scheduler;
    private final EventBus bus;
    /** Call counts and latencies for ThinClient.statistics(): the calls' futures and the event bus feed it. */
    private final StatisticsRecorder stats = new StatisticsRecorder();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Held while a connection is made current or dropped, so start, reconnect and close never interleave. */
    private final Object connectLock = new Object();
    private final DaemonState daemon = new DaemonState();
    private final Calls calls;
    private final SurbReplies surbs;
    private final Dispatcher dispatcher;
    private final Handshake handshake;
    private final ReconnectWatchdog watchdog;

    private volatile Connection conn;

    public Session(ThinClientConfig config) {
        this.config = config;
        String name = "katzenpost-thin-" + SESSION_IDS.incrementAndGet();
        if (config.resumeSession() != null) {
            this.sessionToken = config.resumeSession().toBytes();
        } else {
            this.sessionToken = new byte[16];
            KernelRandom.secretBytes(sessionToken);
        }
        // Threads are borrowed from the JVM-wide pool and timer rather than started per client: starting a thread
        // costs more than a whole connect (docs/performance.md, "Connect and CPU per call"). Timer tasks left
        // behind by close() are harmless: each finds its call, wait or connection already ended.
        this.callbacks = new SessionTasks(SharedThreads.workers());
        this.scheduler = SharedThreads.timer();
        this.bus = new EventBus(callbacks, stats::onEvent);
        // a call made by a completion is written by the drainer that ran it: see Completions
        Completions completions = new Completions(callbacks, scheduler);
        this.calls = new Calls(this, codec, callbacks, completions, scheduler, stats);
        this.surbs = new SurbReplies(callbacks, scheduler);
        this.dispatcher = new Dispatcher(name + "-reader", codec, daemon, bus, calls, surbs, closed::get,
                this::connectionLost);
        this.handshake = new Handshake(config, codec, sessionToken, completions.writers(), scheduler,
                calls::writeFailed, dispatcher, daemon);
        this.watchdog = new ReconnectWatchdog(config.reconnectDelay(), name + "-reconnect", bus, closed::get,
                this::reconnectOnce);
    }

    public ThinClientConfig config() {
        return config;
    }

    public EventBus bus() {
        return bus;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    SurbReplies surbReplies() {
        return surbs;
    }

    // ---------------------------------------------------------------- connecting

    /** {@link #start()}, closing this session if that throws: a client that failed to connect is left closed. */
    public void startOrClose() {
        try {
            start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Connects and completes the handshake, or throws; the first connect is never retried on its own. */
    public void start() {
        synchronized (connectLock) {
            if (closed.get()) {
                throw new ClientClosedException("client is closed");
            }
            if (conn != null) {
                return;
            }
            attach(handshake.open().connection(), false);
        }
    }

    /** One attempt of the reconnect watchdog; null when the client closed meanwhile. */
    private ReconnectWatchdog.Outcome reconnectOnce() {
        synchronized (connectLock) {
            if (closed.get()) {
                return null;
            }
            Handshake.Result hs = handshake.open();
            int reissued = attach(hs.connection(), hs.daemonRestarted());
            return new ReconnectWatchdog.Outcome(hs.resumed(), hs.daemonRestarted(), reissued);
        }
    }

    /** Makes a handshaken connection current, starts its reader, and writes what waited for it. */
    private int attach(Connection c, boolean daemonRestarted) {
        c.attachedAt = System.nanoTime();
        calls.markBack(); // a start() after a loss with reconnection off: calls are answered again
        conn = c;
        dispatcher.startReader(c);
        return calls.writePending(c, daemonRestarted);
    }

    /** The current connection, or null while disconnected. */
    Connection current() {
        return conn;
    }

    /** The reader of {@code c} ended: reconnect, or with reconnection off fail every call. */
    private void connectionLost(Connection c, String reason) {
        c.close();
        DaemonConnectionException gone = config.reconnect() ? null : new DaemonConnectionException(
                "lost the connection to kpclientd at " + c.transport.describe() + " (" + reason
                        + ") and reconnection is disabled", c.protocolFailure);
        synchronized (connectLock) {
            if (conn != c) {
                return;
            }
            if (gone != null) {
                // before the connection is seen gone: a call made in between (a listener of the disconnect event
                // calling at once) fails at once instead of waiting for a reconnect that never comes
                calls.markGone(gone);
            }
            conn = null;
        }
        if (closed.get()) {
            return;
        }
        int inARow = watchdog.connectionEnded(c);
        if (inARow > 1) {
            // one line per attempt while the daemon keeps sending what we cannot read
            log.warn("kpclientd at {} broke the protocol again ({} connections in a row): {}; reconnecting with a "
                    + "growing delay", c.transport.describe(), inARow, reason);
        } else {
            log.warn("lost the connection to kpclientd at {}: {}", c.transport.describe(), reason);
        }
        bus.publish(new DaemonDisconnectedEvent(c.shutdownAnnounced, reason));
        if (gone == null) {
            watchdog.start(reason);
        } else {
            calls.failAll(gone);
            surbs.failAll(gone);
        }
    }

    /** The last protocol failure if it happened after {@code nanoTime}, else null. */
    Throwable protocolFailureSince(long nanoTime) {
        return watchdog.protocolFailureSince(nanoTime);
    }

    // ---------------------------------------------------------------- requests

    /**
     * Sends a request that has a {@code query_id} and returns its reply, whatever its error code: the caller
     * maps codes to exceptions. Fails with {@link RequestTimeoutException} after {@code timeout}; cancelling the
     * returned future forgets the request.
     *
     * @throws org.katzenpost.thin.PayloadTooLargeException when the request is over the frame limit (nothing of it
     *     is registered or sent)
     */
    public <R extends QueryReply> CompletableFuture<R> call(QueryRequest request, Class<R> replyType,
            Duration timeout, Reissue reissue) {
        return calls.call(request, replyType, timeout, reissue);
    }

    /**
     * Queues a request that has no reply (send_message); fails if there is no connection. Returns at once: a frame
     * that cannot be written because the connection breaks is lost with it, and the caller learns of it from its
     * own deadline (a SURB reply that never comes) and from {@link DaemonDisconnectedEvent}.
     *
     * @throws org.katzenpost.thin.PayloadTooLargeException when the request is over the frame limit
     */
    public void sendOneWay(Request request) {
        if (closed.get()) {
            throw new ClientClosedException("client is closed");
        }
        byte[] body = Calls.requireFrameLength(codec.encodeRequest(request), request.wireKey());
        Connection c = conn;
        if (c == null) {
            throw notConnected();
        }
        c.enqueue(new Connection.Outgoing(body, null, null));
    }

    /**
     * Sends {@code payload} to {@code to} with the SURB {@code surbId} and returns the reply: the future fails with
     * {@link org.katzenpost.thin.MessageSendFailedException} when the daemon reports that sending failed, with
     * {@link RequestTimeoutException} after {@code timeout}, and with the exception of a send that cannot start
     * (not connected, offline).
     *
     * @throws IllegalArgumentException when another send is waiting on {@code surbId}
     */
    public CompletableFuture<MessageReplyEvent> sendMessage(SurbId surbId, byte[] payload, Destination to,
            Duration timeout) {
        CompletableFuture<MessageReplyEvent> future = stats.enabled()
                ? new RecordedFuture<>(stats, RequestKind.SEND_MESSAGE, MessageReplyEvent::errorCode)
                : new CompletableFuture<>();
        SurbReplies.Wait wait = surbs.open(future, timeout, () -> "no reply for " + surbId + " within " + timeout,
                "the message", null);
        byte[] surb = surbId.toBytes();
        if (!wait.add(surb)) {
            IllegalArgumentException e = new IllegalArgumentException(surbId
                    + " is already waiting for a reply; use a fresh SURB id");
            future.completeExceptionally(e); // ends it in the statistics too
            throw e;
        }
        try {
            requireMixnet();
            sendOneWay(new Requests.SendMessage(null, true, surb, to.nodeIdHash(), to.queueId(), payload));
        } catch (ThinClientException e) {
            wait.release();
            future.completeExceptionally(e);
        }
        return future;
    }

    private void requireMixnet() {
        if (!isDaemonConnected()) {
            throw new DaemonConnectionException("not connected to kpclientd at " + config.dial());
        }
        if (!isMixnetConnected()) {
            throw new OfflineException("kpclientd is in offline mode (no link to the mixnet); cannot send");
        }
    }

    DaemonConnectionException notConnected() {
        return new DaemonConnectionException("not connected to kpclientd at " + config.dial()
                + (config.reconnect() ? " (reconnecting)" : ""));
    }

    // ---------------------------------------------------------------- state

    public boolean isDaemonConnected() {
        return conn != null;
    }

    public boolean isMixnetConnected() {
        return conn != null && daemon.mixnetConnected;
    }

    public boolean lastSessionResumed() {
        return daemon.sessionResumed;
    }

    public SphinxGeometry sphinxGeometry() {
        return daemon.sphinxGeometry;
    }

    public PigeonholeGeometry pigeonholeGeometry() {
        return daemon.pigeonholeGeometry;
    }

    public Optional<PkiDocument> currentDocument() {
        return daemon.currentDocument();
    }

    public Optional<PkiDocument> cachedDocument(long epoch) {
        return daemon.cached(epoch);
    }

    public void cachePkiDocument(PkiDocument doc) {
        daemon.cache(doc);
    }

    /** A snapshot of the call, connection and event statistics. */
    public ClientStatistics statistics() {
        return stats.snapshot(dispatcher.malformedFrames(), bus.consumerStatistics(), bus.droppedTotal());
    }

    public int inFlightCalls() {
        return calls.size();
    }

    public int inFlightSurbs() {
        return surbs.size();
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Whether the connection to kpclientd is gone for good: lost with reconnection off. */
    public boolean isGoneForGood() {
        return calls.isGone();
    }

    /** The token this session presents in every handshake (a copy). */
    public byte[] sessionToken() {
        return sessionToken.clone();
    }

    /** The current connection's transport, or null while disconnected (for tests and diagnostics). */
    public Transport transport() {
        Connection c = conn;
        return c == null ? null : c.transport;
    }

    // ---------------------------------------------------------------- closing

    /**
     * Sends {@code thin_close} (the daemon then drops our session at once), closes the connection, fails every
     * pending call with {@link ClientClosedException} and waits until the reader and every task of this session have
     * ended (up to 5 s, then they are interrupted, and 2 s more); a listener or callback that calls it is neither
     * waited for (it cannot end while it waits) nor interrupted. The socket part
     * takes at most {@link ThinClientConfig#closeTimeout()}: if {@code thin_close} cannot be written by then (the
     * daemon does not read), the connection is closed without it.
     */
    @Override
    public void close() {
        close(true);
    }

    /**
     * Closes like {@link #close()}, but without {@code thin_close}: kpclientd keeps the session for its grace
     * period, and a client presenting the same token ({@link #sessionToken()}) resumes it.
     */
    public void disconnect() {
        close(false);
    }

    private void close(boolean endSession) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Connection c;
        synchronized (connectLock) {
            c = conn;
            conn = null;
        }
        if (c != null) {
            flushBeforeClosing(c, endSession);
            c.close();
        }
        Thread reconnecting = watchdog.stop();
        // Calls made from now on see closed and fail themselves; an exception (its stack trace) only if needed.
        if (calls.size() > 0 || surbs.size() > 0) {
            ClientClosedException cause = new ClientClosedException("client closed");
            calls.failAll(cause);
            surbs.failAll(cause);
        }
        bus.closeAll();
        callbacks.shutdown();
        awaitReader(c);
        join(reconnecting);
        try {
            if (!callbacks.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("a listener or callback is still running 5 s after close(); interrupting it");
                callbacks.interruptRunning();
                callbacks.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (up to 5 s) until the reader of {@code c} has ended, unless it is the caller. */
    private static void awaitReader(Connection c) {
        if (c == null || !c.readerStarted || c.reader == Thread.currentThread()) {
            return;
        }
        try {
            c.readerEnded.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes {@code thin_close} (or, leaving the session alive, what callers queued), within the close timeout. */
    private void flushBeforeClosing(Connection c, boolean endSession) {
        CompletableFuture<Void> written;
        if (endSession) {
            c.withdrawQueuedCalls(); // the calls are failed below; one-way frames and a started frame go out first
            written = new CompletableFuture<>();
            // written here when that cannot block; the wait below bounds the queued case
            c.writeHereIfFree(new Connection.Outgoing(codec.encodeRequest(new Requests.ThinClose()), null, written));
        } else {
            // the session lives on: what callers asked to send (a send_message, say) still goes out, within the bound
            written = c.drained();
        }
        try {
            written.get(Durations.toNanos(config.closeTimeout()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            log.debug("{} could not be written within {}; closing without it",
                    endSession ? "thin_close" : "the queued frames", config.closeTimeout());
        } catch (ExecutionException e) {
            log.debug("could not write before closing: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread t) {
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
