package org.katzenpost.thin.internal.session;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.katzenpost.thin.ClientClosedException;
import org.katzenpost.thin.DaemonConnectionException;
import org.katzenpost.thin.MessageId;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.ProtocolViolationException;
import org.katzenpost.thin.ReconnectDelay;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.SphinxGeometry;
import org.katzenpost.thin.SurbId;
import org.katzenpost.thin.ThinClientConfig;
import org.katzenpost.thin.ThinClientException;
import org.katzenpost.thin.event.ConnectionStatusEvent;
import org.katzenpost.thin.event.DaemonDisconnectedEvent;
import org.katzenpost.thin.event.MessageIdGarbageCollectedEvent;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.event.MessageSentEvent;
import org.katzenpost.thin.event.NewPkiDocumentEvent;
import org.katzenpost.thin.event.ReconnectedEvent;
import org.katzenpost.thin.event.ReconnectingEvent;
import org.katzenpost.thin.event.ShutdownEvent;
import org.katzenpost.thin.event.ThinClientEvent;
import org.katzenpost.thin.event.UnknownEvent;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.stats.RecordedFuture;
import org.katzenpost.thin.internal.stats.StatisticsRecorder;
import org.katzenpost.thin.internal.transport.Transport;
import org.katzenpost.thin.internal.transport.Transports;
import org.katzenpost.thin.internal.wire.Frames;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Requests.QueryRequest;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.internal.wire.Responses.QueryReply;
import org.katzenpost.thin.internal.wire.Responses.Response;
import org.katzenpost.thin.internal.wire.WireCodec;
import org.katzenpost.thin.pki.PkiDocument;
import org.katzenpost.thin.stats.ClientStatistics;
import org.katzenpost.thin.stats.RequestKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection state machine behind a {@code ThinClient}: handshake, the reader thread, correlation of
 * replies with requests, deadlines, reconnection and re-issue of in-flight work.
 *
 * <p>Threads: one reader per connection (decodes and dispatches, never runs user code), a callback pool
 * (completes futures, runs listeners, writes queued frames; its threads start when first needed and end after a
 * minute idle), one scheduler thread (deadlines, ARQ timers; started by the first deadline, ended 30 s after the
 * last), and a reconnect thread while reconnecting. The handshake deadline runs on a JVM-wide timer, so a
 * connected client that is not used holds only its reader thread. All of them end in {@link #close()}.
 */
public final class Session implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    private static final AtomicInteger SESSION_IDS = new AtomicInteger();
    private static final int PKI_CACHE_EPOCHS = 8;

    private final ThinClientConfig config;
    private final String name;
    private final byte[] clientInstanceToken;
    private final WireCodec codec = new WireCodec();
    private final ExecutorService callbacks;
    private final ScheduledExecutorService scheduler;
    /** Completes replies on the callback pool without a thread hand-off per reply. */
    private final Completions completions;
    private final EventBus bus;
    /** Call counts and latencies for ThinClient.statistics(): call()'s futures and the event bus feed it. */
    private final StatisticsRecorder stats = new StatisticsRecorder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object connectLock = new Object();

    private final ConcurrentHashMap<IdKey, PendingCall<?>> calls = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<IdKey, SurbListener> surbs = new ConcurrentHashMap<>();
    private final Map<Long, PkiDocument> pkiByEpoch = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, PkiDocument> eldest) {
            return size() > PKI_CACHE_EPOCHS;
        }
    };

    private volatile Connection conn;
    private volatile Thread reconnectThread;
    private volatile boolean mixnetConnected;
    private volatile byte[] daemonInstanceToken;
    private volatile SphinxGeometry sphinxGeometry;
    private volatile PigeonholeGeometry pigeonholeGeometry;
    private volatile PkiDocument currentDocument;
    private volatile boolean lastSessionResumed;
    private final AtomicLong malformedFrames = new AtomicLong();
    /** Set when the connection is lost and reconnection is off: nothing will come, calls fail at once. */
    private volatile DaemonConnectionException gone;
    /** The last protocol failure that ended a connection or a reconnect attempt, and its nanoTime. */
    private volatile Throwable lastProtocolFailure;
    private volatile long lastProtocolFailureAt;
    /** Connections in a row that ended with a protocol failure (reset by any other ending or a stable connection). */
    private volatile int protocolFailuresInARow;
    /** Attempts the reconnect cycles have made since the protocol failures began, carried while they repeat. */
    private volatile int carriedAttempts;

    /** Notified of the sent and reply events of one SURB id. */
    public interface SurbListener {
        void onSent(MessageSentEvent event);

        void onReply(MessageReplyEvent event);
    }

    public Session(ThinClientConfig config) {
        this.config = config;
        this.name = "katzenpost-thin-" + SESSION_IDS.incrementAndGet();
        if (config.resumeSession() != null) {
            this.clientInstanceToken = config.resumeSession().toBytes();
        } else {
            this.clientInstanceToken = new byte[16];
            new java.security.SecureRandom().nextBytes(clientInstanceToken);
        }
        this.callbacks = Executors.newCachedThreadPool(threads(name + "-callback"));
        // No core thread: the timer thread starts with the first deadline and ends 30 s after the last one, so an
        // idle client holds only its reader thread (issue 13).
        ScheduledThreadPoolExecutor stpe = new ScheduledThreadPoolExecutor(0, threads(name + "-timer"));
        stpe.setKeepAliveTime(30, TimeUnit.SECONDS);
        stpe.setRemoveOnCancelPolicy(true);
        this.scheduler = stpe;
        this.completions = new Completions(callbacks, scheduler);
        this.bus = new EventBus(callbacks, stats::onEvent);
        for (ThinClientConfig.Handler<?> h : config.handlers()) {
            register(h);
        }
    }

    private <E extends ThinClientEvent> void register(ThinClientConfig.Handler<E> h) {
        bus.addListener(h.type(), h.listener(), config.eventQueueCapacity(), config.listenerOverflowPolicy());
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public ThinClientConfig config() {
        return config;
    }

    public EventBus bus() {
        return bus;
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    public java.util.concurrent.Executor callbackExecutor() {
        return callbacks;
    }

    // ---------------------------------------------------------------- connecting

    /** Connects and completes the handshake, or throws; the first connect is never retried on its own. */
    public void start() {
        synchronized (connectLock) {
            if (closed.get()) {
                throw new ClientClosedException("client is closed");
            }
            if (conn != null) {
                return;
            }
            Handshake hs = openAndHandshake();
            attach(hs.connection);
        }
    }

    private record Handshake(Connection connection, boolean resumed, boolean daemonRestarted) {}

    private Handshake openAndHandshake() {
        Transport transport = Transports.open(config.dial(), config.connectTimeout(), keepAlive());
        Connection c = new Connection(transport, callbacks, scheduler, config.writeStallTimeout(), this::writeFailed);
        // on the shared connect timer: connecting starts no timer thread of this client's own
        ScheduledFuture<?> watchdog = Transports.later(() -> {
            c.handshakeTimedOut = true;
            c.close();
        }, config.handshakeTimeout());
        String step = "connection_status_event";
        byte[] previousInstance = daemonInstanceToken;
        try {
            // The handshake needs a connection_status_event (F1) and a new_pki_document_event (F2). kpclientd sends
            // F1 then F2, but events pushed before, between or after them (repeated status or PKI events, message
            // events, unknown kinds) are dispatched like any event and skipped (docs/reliability.md, "Handshake"). Only a
            // frame that cannot precede our session_token (a reply to a request) breaks the handshake.
            Responses.ConnectionStatusEvent status = null;
            boolean document = false;
            while (status == null || !document) {
                Response r = readHandshakeFrame(c, step);
                if (r instanceof Responses.ConnectionStatusEvent) {
                    if (status == null) {
                        status = checkFirstStatus(transport, (Responses.ConnectionStatusEvent) r);
                    }
                } else if (r instanceof Responses.NewPkiDocumentEvent) {
                    document = true;
                } else if (r instanceof QueryReply || r instanceof Responses.SessionTokenReply) {
                    throw new ProtocolViolationException("handshake with kpclientd at " + transport.describe()
                            + ": got " + r.wireKey() + " while waiting for " + step
                            + ", a reply that cannot come before the session token");
                }
                dispatch(c, r);
                step = status == null ? "connection_status_event" : "new_pki_document_event";
            }
            step = "session_token_reply";
            c.writeNow(codec.encodeRequest(new Requests.SessionToken(clientInstanceToken.clone())));
            while (true) {
                // Replies buffered by the daemon during a disconnect arrive before the token reply: keep them.
                Response r = readHandshakeFrame(c, step);
                if (r instanceof Responses.SessionTokenReply) {
                    Responses.SessionTokenReply reply = (Responses.SessionTokenReply) r;
                    watchdog.cancel(false);
                    boolean restarted = previousInstance != null
                            && !java.util.Arrays.equals(previousInstance, status.instanceToken());
                    lastSessionResumed = reply.resumed();
                    if (previousInstance == null) {
                        log.info("connected to kpclientd at {} (mixnet {}, session {})", transport.describe(),
                                mixnetConnected ? "online" : "offline", reply.resumed() ? "resumed" : "new");
                    } else {
                        log.debug("handshake with kpclientd at {} done (session {})", transport.describe(),
                                reply.resumed() ? "resumed" : "new");
                    }
                    return new Handshake(c, reply.resumed(), restarted);
                }
                dispatch(c, r);
            }
        } catch (IOException e) {
            c.close();
            if (c.handshakeTimedOut) {
                throw new RequestTimeoutException("handshake with kpclientd at " + transport.describe()
                        + " did not finish within " + config.handshakeTimeout() + " (waiting for " + step + ")");
            }
            throw new DaemonConnectionException("connection to kpclientd at " + transport.describe()
                    + " ended during the handshake while waiting for " + step + ": " + e.getMessage(), e);
        } catch (ThinClientException e) {
            watchdog.cancel(false);
            c.close();
            throw e;
        } catch (RuntimeException e) {
            watchdog.cancel(false);
            c.close();
            throw new ProtocolViolationException("handshake with kpclientd at " + transport.describe()
                    + " failed while waiting for " + step + ": " + e.getMessage(), e);
        }
    }

    private static Responses.ConnectionStatusEvent checkFirstStatus(Transport transport,
            Responses.ConnectionStatusEvent status) {
        if (status.sphinxGeometry() == null || status.pigeonholeGeometry() == null) {
            throw new ProtocolViolationException("kpclientd at " + transport.describe()
                    + " sent no Sphinx or Pigeonhole geometry: it is older than v0.0.76, which this client needs");
        }
        if (status.instanceToken() == null || status.instanceToken().length != 16) {
            throw new ProtocolViolationException("kpclientd at " + transport.describe()
                    + " sent no 16-byte instance token in connection_status_event");
        }
        return status;
    }

    private org.katzenpost.thin.internal.transport.KeepAlive keepAlive() {
        return config.tcpKeepAlive()
                ? org.katzenpost.thin.internal.transport.KeepAlive.of(config.tcpKeepAliveIdle(),
                        config.tcpKeepAliveInterval(), config.tcpKeepAliveCount())
                : org.katzenpost.thin.internal.transport.KeepAlive.OFF;
    }

    private Response readHandshakeFrame(Connection c, String step) throws IOException {
        int length = c.frames.next();
        if (length < 0) {
            throw new EOFException("kpclientd closed the connection");
        }
        try {
            return codec.decodeResponse(c.frames.buffer(), 0, length);
        } catch (CborException e) {
            throw new ProtocolViolationException("malformed frame from kpclientd at " + c.transport.describe()
                    + " while waiting for " + step + ": " + e.getMessage(), e);
        }
    }

    /** Makes a handshaken connection current, starts its reader, and writes what waited for it. */
    private int attach(Connection c) {
        return attach(c, false);
    }

    private int attach(Connection c, boolean daemonRestarted) {
        c.attachedAt = System.nanoTime();
        conn = c;
        Thread reader = new Thread(() -> readLoop(c), name + "-reader");
        reader.setDaemon(true);
        c.reader = reader;
        reader.start();
        int written = 0;
        for (PendingCall<?> p : calls.values()) {
            boolean again = p.reissue == Reissue.ALWAYS
                    || (p.reissue == Reissue.ON_DAEMON_RESTART && daemonRestarted);
            if ((!p.sent || again) && !p.future.isDone()) {
                write(c, p);
                written++;
            }
        }
        return written;
    }

    // ---------------------------------------------------------------- reading

    private void readLoop(Connection c) {
        String reason = null;
        try {
            while (true) {
                int length = c.frames.next();
                if (length < 0) {
                    reason = "kpclientd closed the connection";
                    break;
                }
                Response r;
                try {
                    // decodes out of the connection's reused frame buffer; the result holds copies
                    r = codec.decodeResponse(c.frames.buffer(), 0, length);
                } catch (CborException e) {
                    // The frame boundary is intact, so skipping one bad frame keeps the stream usable.
                    malformedFrames.incrementAndGet();
                    log.warn("skipped a malformed {}-byte frame from kpclientd: {}", length, e.getMessage());
                    continue;
                }
                dispatch(c, r);
            }
        } catch (Frames.TruncatedFrameException e) {
            // the daemon (or the path to it) ended the stream inside a frame: counted as a protocol failure
            reason = e.getMessage();
            c.protocolFailure = new ProtocolViolationException("kpclientd at " + c.transport.describe()
                    + " ended the connection inside a frame: " + e.getMessage(), e);
        } catch (IOException e) {
            reason = e.getMessage();
        } catch (ProtocolViolationException e) {
            reason = e.getMessage();
            c.protocolFailure = e;
        } catch (ThinClientException e) {
            reason = e.getMessage();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            if (!closed.get()) {
                reason = "internal error in the reader: " + e;
                log.error("reader thread failed; dropping the connection so that callers are not left waiting", e);
            } // else a frame read just before close(): the callback pool is already shut down
        } catch (RuntimeException | Error e) {
            reason = "internal error in the reader: " + e;
            log.error("reader thread failed; dropping the connection so that callers are not left waiting", e);
        }
        String broken = c.brokenReason;
        connectionLost(c, broken != null ? broken : reason);
    }

    void dispatch(Connection c, Response r) {
        if (r instanceof QueryReply) {
            completeCall((QueryReply) r);
        } else if (r instanceof Responses.ConnectionStatusEvent) {
            Responses.ConnectionStatusEvent e = (Responses.ConnectionStatusEvent) r;
            mixnetConnected = e.isConnected();
            if (e.instanceToken() != null) {
                daemonInstanceToken = e.instanceToken().clone();
            }
            if (e.sphinxGeometry() != null) {
                sphinxGeometry = e.sphinxGeometry();
            }
            if (e.pigeonholeGeometry() != null) {
                pigeonholeGeometry = e.pigeonholeGeometry();
            }
            bus.publish(new ConnectionStatusEvent(e.isConnected(),
                    e.instanceToken() == null ? "" : HexFormat.of().formatHex(e.instanceToken()),
                    sphinxGeometry, pigeonholeGeometry));
        } else if (r instanceof Responses.NewPkiDocumentEvent) {
            byte[] payload = ((Responses.NewPkiDocumentEvent) r).payload();
            if (payload == null || payload.length == 0) {
                log.debug("kpclientd has no PKI document yet");
                return;
            }
            try {
                PkiDocument doc = PkiDocument.parse(payload);
                cachePkiDocument(doc);
                PkiDocument previous = currentDocument;
                currentDocument = doc;
                // kpclientd re-broadcasts the epoch a client already has (its PKI worker ticks on its own):
                // report each epoch once.
                if (previous == null || previous.epoch() != doc.epoch()) {
                    bus.publish(new NewPkiDocumentEvent(doc));
                } else {
                    log.debug("kpclientd re-sent the PKI document of epoch {}", doc.epoch());
                }
            } catch (ThinClientException e) {
                log.warn("ignored a PKI document from kpclientd that could not be parsed: {}", e.getMessage());
            }
        } else if (r instanceof Responses.MessageSentEvent) {
            Responses.MessageSentEvent e = (Responses.MessageSentEvent) r;
            MessageSentEvent event = new MessageSentEvent(optionalMessageId(e.messageId()), surbIdOrNull(e.surbId()),
                    java.time.Instant.ofEpochSecond(e.sentAtUnixSeconds()), Duration.ofNanos(e.replyEtaNanos()),
                    Optional.ofNullable(e.err()).filter(s -> !s.isEmpty()));
            bus.publish(event);
            IdKey key = IdKey.of(e.surbId());
            SurbListener l = key == null ? null : surbs.get(key);
            if (l != null) {
                callbacks.execute(() -> l.onSent(event));
            }
        } else if (r instanceof Responses.MessageReplyEvent) {
            Responses.MessageReplyEvent e = (Responses.MessageReplyEvent) r;
            SurbId surb = surbIdOrNull(e.surbId());
            MessageReplyEvent event = new MessageReplyEvent(optionalMessageId(e.messageId()), surb, e.payload(),
                    e.errorCode());
            bus.publish(event);
            IdKey key = IdKey.of(e.surbId());
            SurbListener l = key == null ? null : surbs.remove(key);
            if (l != null) {
                callbacks.execute(() -> l.onReply(event));
            } else {
                log.debug("reply for SURB {} that no call is waiting for", surb);
            }
        } else if (r instanceof Responses.MessageIdGarbageCollected) {
            byte[] id = ((Responses.MessageIdGarbageCollected) r).messageId();
            if (id != null && id.length == 16) {
                bus.publish(new MessageIdGarbageCollectedEvent(MessageId.of(id)));
            }
        } else if (r instanceof Responses.ShutdownEvent) {
            c.shutdownAnnounced = true;
            log.info("kpclientd announced a graceful shutdown");
            bus.publish(new ShutdownEvent());
        } else if (r instanceof Responses.SessionTokenReply) {
            log.warn("ignored a session_token_reply outside the handshake");
        } else if (r instanceof Responses.Unknown) {
            log.warn("kpclientd sent a frame of unknown kind \"{}\"; a newer daemon? Ignored.", r.wireKey());
            bus.publish(new UnknownEvent(r.wireKey()));
        }
    }

    private static Optional<MessageId> optionalMessageId(byte[] id) {
        return id != null && id.length == 16 ? Optional.of(MessageId.of(id)) : Optional.empty();
    }

    private static SurbId surbIdOrNull(byte[] id) {
        return id != null && id.length == 16 ? SurbId.of(id) : null;
    }

    private void completeCall(QueryReply reply) {
        IdKey key = IdKey.of(reply.queryId());
        if (key == null) {
            log.warn("ignored a {} without a valid query id", reply.wireKey());
            return;
        }
        PendingCall<?> p = calls.get(key);
        if (p == null) {
            log.debug("ignored a {} for a query that is finished or unknown", reply.wireKey());
            return;
        }
        if (!p.accepts(reply)) {
            log.warn("ignored a {} whose query id belongs to a {} request", reply.wireKey(), p.requestKind);
            return;
        }
        if (calls.remove(key, p)) {
            completions.execute(() -> p.completeWith(reply));
        }
    }

    private void connectionLost(Connection c, String reason) {
        c.close();
        synchronized (connectLock) {
            if (conn != c) {
                return;
            }
            conn = null;
        }
        if (closed.get()) {
            return;
        }
        boolean graceful = c.shutdownAnnounced;
        Throwable protocol = c.protocolFailure;
        int inARow;
        if (protocol != null) {
            lastProtocolFailure = protocol;
            lastProtocolFailureAt = System.nanoTime();
            boolean wasStable = System.nanoTime() - c.attachedAt >= config.reconnectDelay().max().toNanos();
            inARow = wasStable ? 1 : protocolFailuresInARow + 1;
        } else {
            inARow = 0;
        }
        protocolFailuresInARow = inARow;
        if (inARow > 1) {
            // one line per attempt while the daemon keeps sending what we cannot read
            log.warn("kpclientd at {} broke the protocol again ({} connections in a row): {}; reconnecting with a "
                    + "growing delay", c.transport.describe(), inARow, reason);
        } else {
            log.warn("lost the connection to kpclientd at {}: {}", c.transport.describe(), reason);
        }
        bus.publish(new DaemonDisconnectedEvent(graceful, Optional.ofNullable(reason)));
        if (config.reconnect()) {
            startReconnecting(reason);
        } else {
            DaemonConnectionException e = new DaemonConnectionException("lost the connection to kpclientd at "
                    + c.transport.describe() + " (" + reason + ") and reconnection is disabled", protocol);
            gone = e;
            failAll(e);
        }
    }

    // ---------------------------------------------------------------- reconnecting

    private void startReconnecting(String firstReason) {
        Thread t = new Thread(() -> reconnectLoop(firstReason), name + "-reconnect");
        t.setDaemon(true);
        reconnectThread = t;
        t.start();
    }

    /**
     * Reconnects with exponential backoff and jitter. The delay starts at the initial backoff, except after a
     * connection that ended with a protocol failure (an unreadable frame, a frame cut off) that followed another
     * such failure: then it goes on from where the last cycle ended, so a daemon that sends the same unreadable
     * frame on every connection is retried less and less often instead of about once a second.
     */
    private void reconnectLoop(String lastError) {
        ReconnectDelay schedule = config.reconnectDelay();
        boolean repeating = protocolFailuresInARow > 1;
        int carried = repeating ? carriedAttempts : 0;
        int attempt = 0;
        while (!closed.get()) {
            attempt++;
            long delay = schedule.delay(carried + attempt).toNanos();
            bus.publish(new ReconnectingEvent(attempt, Duration.ofNanos(delay), Optional.ofNullable(lastError)));
            try {
                TimeUnit.NANOSECONDS.sleep(delay);
            } catch (InterruptedException e) {
                return; // close() interrupts us
            }
            if (closed.get()) {
                return;
            }
            try {
                synchronized (connectLock) {
                    if (closed.get()) {
                        return;
                    }
                    Handshake hs = openAndHandshake();
                    carriedAttempts = carried + attempt;
                    int reissued = attach(hs.connection, hs.daemonRestarted);
                    reconnectThread = null;
                    if (repeating) {
                        log.debug("reconnected to kpclientd after {} attempt(s); resumed={}, daemon restarted={}, "
                                + "re-sent {} request(s)", attempt, hs.resumed, hs.daemonRestarted, reissued);
                    } else {
                        log.info("reconnected to kpclientd after {} attempt(s); resumed={}, daemon restarted={}, "
                                + "re-sent {} request(s)", attempt, hs.resumed, hs.daemonRestarted, reissued);
                    }
                    bus.publish(new ReconnectedEvent(hs.resumed, hs.daemonRestarted, reissued));
                    return;
                }
            } catch (ThinClientException e) {
                // refused, reset, or the daemon answered but the handshake failed: back off either way
                lastError = e.getMessage();
                if (e instanceof ProtocolViolationException) {
                    lastProtocolFailure = e;
                    lastProtocolFailureAt = System.nanoTime();
                }
                log.debug("reconnect attempt {} failed: {}", attempt, lastError);
            }
        }
    }

    // ---------------------------------------------------------------- requests

    /**
     * Sends a request that has a {@code query_id} and returns its reply, whatever its error code: the caller
     * maps codes to exceptions. Fails with {@link RequestTimeoutException} after {@code timeout}; cancelling the
     * returned future forgets the request.
     */
    public <R extends QueryReply> CompletableFuture<R> call(QueryRequest request, Class<R> replyType,
            Duration timeout, Reissue reissue) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new ClientClosedException("client is closed"));
        }
        byte[] body = codec.encodeRequest(request);
        IdKey key = IdKey.of(request.queryId());
        if (key == null) {
            throw new IllegalArgumentException("query id must be 16 bytes");
        }
        DaemonConnectionException down = gone;
        if (down != null && conn == null) {
            // reconnection is off and the connection is gone: nothing will ever answer
            return CompletableFuture.failedFuture(new DaemonConnectionException(
                    "not connected to kpclientd at " + config.dial() + ": " + down.getMessage(), down.getCause()));
        }
        long started = System.nanoTime();
        PendingCall<R> p = new PendingCall<>(request.wireKey(), replyType, body, reissue, stats.enabled()
                ? new RecordedFuture<>(stats, RequestKind.fromWireName(request.wireKey()), QueryReply::errorCode)
                : new CompletableFuture<>());
        if (calls.putIfAbsent(key, p) != null) {
            IllegalArgumentException e = new IllegalArgumentException("a request with this query id is already in flight");
            p.future.completeExceptionally(e);
            throw e;
        }
        p.future.whenComplete((r, t) -> {
            calls.remove(key, p);
            ScheduledFuture<?> timer = p.timer;
            if (timer != null) {
                timer.cancel(false);
            }
        });
        p.timer = scheduler.schedule(() -> {
            // Forget the call before failing it, so no caller ever sees it still in flight.
            if (calls.remove(key, p)) {
                // the protocol failures that dropped the connection meanwhile are the likely reason: say so
                Throwable failure = lastProtocolFailure;
                Throwable cause = failure != null && lastProtocolFailureAt - started > 0 ? failure : null;
                String state = conn == null ? " (kpclientd is disconnected)"
                        : !p.sent ? " (its request could not be written in time)" : "";
                RequestTimeoutException e = new RequestTimeoutException(request.wireKey() + " got no reply within "
                        + timeout + state + (cause == null ? "" : "; the connection failed meanwhile: "
                        + cause.getMessage()), cause);
                callbacks.execute(() -> p.future.completeExceptionally(e));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        Connection c = conn;
        if (c != null) {
            write(c, p);
        } else if (config.disconnectedCallPolicy() == ThinClientConfig.DisconnectedCallPolicy.FAIL_FAST) {
            calls.remove(key, p);
            p.future.completeExceptionally(notConnected());
        } // else it waits in the table and attach() writes it after reconnecting
        DaemonConnectionException lost = gone;
        if (lost != null && calls.remove(key, p)) {
            // the connection went (reconnection off) while we registered: failAll() may have missed us
            p.future.completeExceptionally(new DaemonConnectionException(
                    "not connected to kpclientd at " + config.dial() + ": " + lost.getMessage(), lost.getCause()));
        }
        if (closed.get() && calls.remove(key, p)) {
            p.future.completeExceptionally(new ClientClosedException("client is closed"));
        }
        return p.future;
    }

    /** Queues the call's frame on the connection; never blocks (see {@link Connection}). */
    private void write(Connection c, PendingCall<?> p) {
        c.enqueue(new Connection.Outgoing(p.body, p, null));
    }

    /** The writer could not write a call's frame because the connection broke. */
    private void writeFailed(Connection.Outgoing o, IOException e) {
        PendingCall<?> p = o.call;
        log.debug("write of {} failed: {}", p.requestKind, e.toString());
        if (closed.get()) {
            return; // close() fails every call
        }
        if (config.disconnectedCallPolicy() == ThinClientConfig.DisconnectedCallPolicy.FAIL_FAST) {
            if (calls.values().remove(p)) {
                DaemonConnectionException failure = new DaemonConnectionException(
                        "could not send " + p.requestKind + " to kpclientd: " + e.getMessage(), e);
                try {
                    callbacks.execute(() -> p.future.completeExceptionally(failure));
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    p.future.completeExceptionally(failure); // on the writer's pool thread, never the caller's
                }
            }
        } // else the call stays pending: attach() writes it again after reconnecting, or failAll() ends it
    }

    /**
     * Queues a request that has no reply (send_message); fails if there is no connection. Returns at once: a frame
     * that cannot be written because the connection breaks is lost with it, and the caller learns of it from its
     * own deadline (a SURB reply that never comes) and from {@link DaemonDisconnectedEvent}.
     */
    public void sendOneWay(Request request) {
        if (closed.get()) {
            throw new ClientClosedException("client is closed");
        }
        byte[] body = codec.encodeRequest(request);
        Connection c = conn;
        if (c == null) {
            throw notConnected();
        }
        c.enqueue(new Connection.Outgoing(body, null, null));
    }

    private DaemonConnectionException notConnected() {
        return new DaemonConnectionException("not connected to kpclientd at " + config.dial()
                + (config.reconnect() ? " (reconnecting)" : ""));
    }

    /** Registers interest in the sent and reply events of a SURB id; returns false if it is already taken. */
    public boolean registerSurb(byte[] surbId, SurbListener listener) {
        return surbs.putIfAbsent(IdKey.of(surbId), listener) == null;
    }

    public void unregisterSurb(byte[] surbId, SurbListener listener) {
        surbs.remove(IdKey.of(surbId), listener);
    }

    // ---------------------------------------------------------------- state

    public boolean isDaemonConnected() {
        return conn != null;
    }

    public boolean isMixnetConnected() {
        return conn != null && mixnetConnected;
    }

    public boolean lastSessionResumed() {
        return lastSessionResumed;
    }

    public SphinxGeometry sphinxGeometry() {
        return sphinxGeometry;
    }

    public PigeonholeGeometry pigeonholeGeometry() {
        return pigeonholeGeometry;
    }

    public Optional<PkiDocument> currentDocument() {
        return Optional.ofNullable(currentDocument);
    }

    public Optional<PkiDocument> cachedDocument(long epoch) {
        synchronized (pkiByEpoch) {
            return Optional.ofNullable(pkiByEpoch.get(epoch));
        }
    }

    public void cachePkiDocument(PkiDocument doc) {
        synchronized (pkiByEpoch) {
            pkiByEpoch.put(doc.epoch(), doc);
        }
    }

    /** The recorder behind {@link #statistics()}, for calls made outside {@link #call}. */
    public StatisticsRecorder statisticsRecorder() {
        return stats;
    }

    /** A snapshot of the call, connection and event statistics. */
    public ClientStatistics statistics() {
        return stats.snapshot(malformedFrames.get(), bus.consumerStatistics(), bus.droppedTotal());
    }

    public long malformedFrames() {
        return malformedFrames.get();
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

    // ---------------------------------------------------------------- closing

    private void failAll(ThinClientException cause) {
        for (Map.Entry<IdKey, PendingCall<?>> e : calls.entrySet()) {
            PendingCall<?> p = e.getValue();
            if (calls.remove(e.getKey(), p)) {
                callbacks.execute(() -> p.future.completeExceptionally(cause));
            }
        }
        for (Map.Entry<IdKey, SurbListener> e : surbs.entrySet()) {
            if (surbs.remove(e.getKey(), e.getValue()) && e.getValue() instanceof FailableSurbListener) {
                callbacks.execute(() -> ((FailableSurbListener) e.getValue()).onFailure(cause));
            }
        }
    }

    /** A SURB listener that wants to know when the client closes under it. */
    public interface FailableSurbListener extends SurbListener {
        void onFailure(ThinClientException cause);
    }

    /**
     * Sends {@code thin_close} (the daemon then drops our session at once), closes the connection, fails every
     * pending call with {@link ClientClosedException} and stops every thread this session started. The socket part
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
            CompletableFuture<Void> written;
            if (endSession) {
                c.withdrawQueuedCalls(); // the calls are failed below; one-way frames and a started frame go out first
                written = new CompletableFuture<>();
                c.enqueue(new Connection.Outgoing(codec.encodeRequest(new Requests.ThinClose()), null, written));
            } else {
                // the session lives on: what callers asked to send (a send_message, say) still goes out, within the bound
                written = c.drained();
            }
            {
                try {
                    written.get(config.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    log.debug("{} could not be written within {}; closing without it",
                            endSession ? "thin_close" : "the queued frames", config.closeTimeout());
                } catch (java.util.concurrent.ExecutionException e) {
                    log.debug("could not write before closing: {}", e.getCause().toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            c.close();
        }
        Thread rt = reconnectThread;
        if (rt != null) {
            rt.interrupt();
        }
        failAll(new ClientClosedException("client closed"));
        bus.closeAll();
        scheduler.shutdownNow();
        callbacks.shutdown();
        join(c == null ? null : c.reader);
        join(rt);
        try {
            if (!callbacks.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("a listener or callback is still running 5 s after close(); interrupting it");
                callbacks.shutdownNow();
                callbacks.awaitTermination(2, TimeUnit.SECONDS);
            }
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The token this session presents in every handshake (a copy). */
    public byte[] sessionToken() {
        return clientInstanceToken.clone();
    }

    /** The current connection's transport, or null while disconnected (for tests and diagnostics). */
    public Transport transport() {
        Connection c = conn;
        return c == null ? null : c.transport;
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
