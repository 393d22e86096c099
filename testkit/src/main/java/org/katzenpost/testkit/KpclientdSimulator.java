package org.katzenpost.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.katzenpost.testkit.internal.Received;
import org.katzenpost.testkit.internal.Settings;
import org.katzenpost.testkit.internal.SimCore;
import org.katzenpost.testkit.net.Connection;
import org.katzenpost.testkit.net.Endpoint;
import org.katzenpost.testkit.net.Endpoints;
import org.katzenpost.testkit.pki.SyntheticPki;
import org.katzenpost.thin.Destination;
import org.katzenpost.thin.Dial;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.SphinxGeometry;
import org.katzenpost.thin.ThinClientConfig;
import org.katzenpost.thin.ThinErrorCode;
import org.katzenpost.thin.Durations;
import org.katzenpost.thin.pki.ServiceDescriptor;
import org.katzenpost.thin.stats.RequestKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process kpclientd for tests: it listens on real sockets, speaks the thin-client wire protocol
 * byte-for-byte the way kpclientd v0.0.99 does, and simulates the mixnet behind it (an echo service, a
 * Pigeonhole box store shared by every client, copy streams and contact vouchers) without any real
 * cryptography or network.
 *
 * <pre>{@code
 * try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().start()) {
 *     ThinClientConfig cfg = sim.thinClientConfig();          // dials the simulator
 *     try (ThinClient client = ThinClient.connect(cfg)) {
 *         byte[] reply = client.sync().sendMessage(client.newSurbId(), "hi".getBytes(), sim.echoDestination(), Duration.ofSeconds(5));
 *     }
 *     sim.failNext(RequestKind.ENCRYPT_WRITE, ThinErrorCode.INTERNAL_ERROR);   // error injection
 *     sim.whenNext(RequestKind.NEW_KEYPAIR, SocketPolicy.NO_RESPONSE);     // a daemon that never answers
 *     RecordedRequest r = sim.awaitRequest(RequestKind.SEND_MESSAGE, Duration.ofSeconds(5));
 *     sim.dropAllConnections();                               // unclean disconnect: sessions kept for the grace period
 *     sim.restart();                                          // a new daemon process: new instance token
 * }
 * }</pre>
 *
 * <h2>What is simulated</h2>
 * <ul>
 *   <li><b>Handshake</b> (docs/protocol.md#handshake): F1 {@code connection_status_event} with this instance's 16-byte
 *       token and both geometries, F2 {@code new_pki_document_event} with the stripped document (or null),
 *       then {@code session_token} → {@code session_token_reply}. Sessions survive an unclean disconnect for
 *       the grace period ({@code resumed=true}); {@code thin_close} destroys them; legacy replies produced
 *       while detached are buffered (at most 1000) and flushed before the reply on resume.</li>
 *   <li><b>Frames</b> are written daemon-style: all 25 response keys, one non-null; prefix and body as two
 *       writes. A request that does not decode tears the connection down without a reply; a request with
 *       no known variant is dropped without a reply; a length prefix over 40 MiB tears the connection down.</li>
 *   <li><b>Legacy send</b> (docs/protocol.md#legacy-send): {@code message_sent_event} for SURB sends, an echo {@code message_reply_event}
 *       (payload zero-padded to {@code ForwardPayloadLength}, 2574 bytes by default, as captured) after {@link Builder#echoDelay}, with
 *       configurable loss; nothing for SURB-less sends; an {@code err} for oversized payloads, unknown
 *       destinations and offline mode.</li>
 *   <li><b>PKI</b>: {@code get_pki_document} (0 = current; unknown epoch → 10),
 *       {@code get_directory_authorities} (none → 10), {@link #publishPkiDocument} broadcasts.</li>
 *   <li><b>Pigeonhole</b> (docs/protocol.md#pigeonhole): deterministic caps from the seed (168/136/104 bytes), opaque envelopes, a box
 *       store shared by every connection of this simulator (it survives {@link #restart()}, like the real
 *       mixnet survives a daemon restart), reads that wait for a box to appear, tombstones, idempotent
 *       writes, cancel, copy streams applied atomically, vouchers.</li>
 * </ul>
 *
 * <h2>What is not</h2>
 * No cryptography (caps, envelopes, vouchers are hashes and XOR keystreams that only this simulator
 * understands, useless against a real daemon), no Poisson scheduling or 16-entry send queue, no 60 s write
 * deadline, no 30 s wait for a first PKI document, no epoch staleness (code 32) unless injected.
 *
 * <p>All methods are thread-safe. Logging goes through SLF4J at DEBUG; nothing secret is logged.
 */
public final class KpclientdSimulator implements AutoCloseable {
    /** Default {@link Builder#gracePeriod(Duration)}: 30 seconds (kpclientd's own is 10 minutes). */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(30);
    /** Default {@link Builder#echoDelay(Duration)}: 5 milliseconds. */
    public static final Duration DEFAULT_ECHO_DELAY = Duration.ofMillis(5);
    /** Default {@link Builder#pigeonholeLatency(Duration)}: 10 milliseconds. */
    public static final Duration DEFAULT_PIGEONHOLE_LATENCY = Duration.ofMillis(10);

    private static final Logger log = LoggerFactory.getLogger(KpclientdSimulator.class);

    private final Settings settings;
    private final SimCore core;
    private final Object lifecycle = new Object();
    private final List<Listening> listening = new ArrayList<>();
    private final List<Dial> dials = new ArrayList<>();
    private boolean running;
    private boolean closed;

    private record Listening(Endpoint endpoint, String transport, Thread acceptor) {}

    private KpclientdSimulator(Settings settings) {
        this.settings = settings;
        this.core = new SimCore(settings);
    }

    /**
     * A builder with every default: TCP on 127.0.0.1 at an ephemeral port, the synthetic PKI document with echo
     * and courier services, the testnet's geometries.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    // ================================================================================================ lifecycle

    private void listen() throws IOException {
        List<Endpoint> opened = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        try {
            if (settings.tcp) {
                Endpoint e = Endpoints.tcp(settings.tcpPort);
                opened.add(e);
                kinds.add("tcp");
                if (settings.tcpPort == 0) {
                    settings.tcpPort = ((Dial.Tcp) e.dial()).port();
                }
            }
            if (settings.unixPath != null) {
                opened.add(Endpoints.unixPath(settings.unixPath));
                kinds.add("unix");
            }
            if (settings.abstractName != null) {
                opened.add(Endpoints.abstractUnix(settings.abstractName));
                kinds.add("abstract-unix");
            }
            if (settings.webSocket) {
                Endpoint e = Endpoints.webSocket(settings.webSocketPort);
                opened.add(e);
                kinds.add("websocket");
                if (settings.webSocketPort == 0) {
                    settings.webSocketPort = ((Dial.Ws) e.dial()).url().getPort();
                }
            }
        } catch (IOException | RuntimeException e) {
            for (Endpoint o : opened) {
                closeQuietly(o);
            }
            throw e;
        }
        dials.clear();
        for (int i = 0; i < opened.size(); i++) {
            Endpoint e = opened.get(i);
            String kind = kinds.get(i);
            Thread t = new Thread(() -> acceptLoop(e, kind), "kpclientd-sim-accept-" + kind);
            t.setDaemon(true);
            listening.add(new Listening(e, kind, t));
            dials.add(e.dial());
            t.start();
            log.debug("simulator listening on {}", e.dial());
        }
        running = true;
    }

    private void acceptLoop(Endpoint e, String kind) {
        while (true) {
            Connection c;
            try {
                c = e.accept();
            } catch (IOException ex) {
                log.debug("stopped accepting on {}: {}", e.dial(), ex.toString());
                return;
            }
            core.accept(c, kind);
        }
    }

    private static void closeQuietly(Endpoint e) {
        try {
            e.close();
        } catch (IOException ex) {
            log.debug("closing {} failed: {}", e, ex.toString());
        }
    }

    /**
     * Stops the "daemon process" gracefully: every connection gets a {@code shutdown_event} and is closed,
     * the listeners close, and sessions and in-flight operations are lost. The box store is kept.
     */
    public void stop() {
        stop(true);
    }

    /**
     * As {@link #stop()}, choosing how the connections end. Does nothing if the simulator is not running.
     *
     * @param graceful true to send each connection a {@code shutdown_event} first (waiting up to 5 s for them
     *     to close), false to close them without one (an unclean disconnect as the client sees it)
     */
    public void stop(boolean graceful) {
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            running = false;
            for (Listening l : listening) {
                closeQuietly(l.endpoint());
            }
            listening.clear();
            if (graceful) {
                core.shutdownAll();
                try {
                    core.awaitCondition(() -> core.openConnections().isEmpty(), Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            core.restart();
        }
    }

    /**
     * Starts listening again after {@link #stop()}, on the same addresses (the same ports for TCP and
     * WebSocket), as a new daemon process: the instance token is new.
     *
     * Does nothing if it is running.
     *
     * @throws UncheckedIOException if an address cannot be bound again
     * @throws IllegalStateException if the simulator was {@linkplain #close() closed}
     */
    public void start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("simulator closed");
            }
            if (running) {
                return;
            }
            try {
                listen();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen again: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Whether the simulator listens: true from {@link Builder#start()} until {@link #stop()} or {@link #close()},
     * and again after {@link #start()}.
     *
     * @return true while listening
     */
    public boolean isRunning() {
        synchronized (lifecycle) {
            return running;
        }
    }

    /**
     * A new daemon process on the same listeners: every connection is dropped (no shutdown_event), the
     * instance token changes, and every session and in-flight Pigeonhole operation is lost. Boxes stay.
     */
    public void restart() {
        core.restart();
    }

    /** Closes every connection abruptly (an unclean disconnect: sessions are kept for the grace period). */
    public void dropAllConnections() {
        core.dropAll();
    }

    /** Stops listening, closes every connection and the simulator's threads. Idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            running = false;
            for (Listening l : listening) {
                closeQuietly(l.endpoint());
            }
            listening.clear();
            core.shutdown();
        }
    }

    // ================================================================================================ dialing

    /**
     * Where a client reaches the first configured endpoint (see {@link #dials()} for the order).
     *
     * @return the dial target, with the port actually bound
     */
    public Dial dial() {
        synchronized (lifecycle) {
            return dials.get(0);
        }
    }

    /**
     * One dial target per endpoint, in the order tcp, unix path, abstract unix, WebSocket.
     *
     * @return an unmodifiable list, at least one entry
     */
    public List<Dial> dials() {
        synchronized (lifecycle) {
            return List.copyOf(dials);
        }
    }

    /**
     * A client configuration builder preset to {@link #dial()}, every other setting at the library's default.
     *
     * @return a new builder
     */
    public ThinClientConfig.Builder thinClientConfigBuilder() {
        return ThinClientConfig.builder().dial(dial());
    }

    /**
     * A client configuration for {@link #dial()} with the library's defaults.
     *
     * @return the configuration
     */
    public ThinClientConfig thinClientConfig() {
        return thinClientConfigBuilder().build();
    }

    // ================================================================================================ state

    /**
     * This instance's 16-byte token (sent in every connection_status_event); {@link #restart()} changes it.
     *
     * @return the token (not secret)
     */
    public byte[] instanceToken() {
        return core.instanceToken();
    }

    /**
     * The Sphinx geometry sent in every {@code connection_status_event}.
     *
     * @return the geometry set on the builder, or the testnet's
     */
    public SphinxGeometry sphinxGeometry() {
        return settings.sphinx;
    }

    /**
     * The Pigeonhole geometry sent in every {@code connection_status_event}; its
     * {@code maxPlaintextPayloadLength} bounds what one box holds.
     *
     * @return the geometry set on the builder, or the one derived from the Sphinx geometry
     */
    public PigeonholeGeometry pigeonholeGeometry() {
        return settings.pigeonhole;
    }

    /**
     * The simulated daemon's link to the mixnet ({@link #setMixnetConnected(boolean)}), as
     * {@code ThinClient.isMixnetConnected()} reads it on the client's side.
     *
     * @return true unless in offline mode
     */
    public boolean isMixnetConnected() {
        return core.mixnetConnected();
    }

    /**
     * Sets the daemon's link to the mixnet; a change is broadcast as a connection_status_event. While false
     * ("offline mode") SURB sends get a sent event with {@code err}, SURB-less sends vanish, and Pigeonhole
     * ARQ operations wait until the link is back.
     *
     * @param connected false for offline mode
     */
    public void setMixnetConnected(boolean connected) {
        core.setMixnetConnected(connected);
    }

    /**
     * Makes {@code doc} the current PKI document (also cached for get_pki_document by epoch) and broadcasts it
     * to every connection as a {@code new_pki_document_event}.
     *
     * @param doc the document
     * @throws NullPointerException if {@code doc} is null
     */
    public void publishPkiDocument(SyntheticPki.Built doc) {
        core.publishPkiDocument(Objects.requireNonNull(doc, "doc"));
    }

    /**
     * The current document, as {@code ThinClient.pkiDocument()} reads the client's.
     *
     * @return the document last set on the builder or {@linkplain #publishPkiDocument published}; null in
     *     "no document yet" mode ({@link Builder#noPkiDocument()}) until one is published
     */
    public SyntheticPki.Built pkiDocument() {
        return core.currentDocument();
    }

    /**
     * The echo service of the current document: where {@code send_message} gets echoed.
     *
     * @return its destination
     * @throws IllegalStateException if there is no document or it has no {@code echo} service
     */
    public Destination echoDestination() {
        return service("echo").toDestination();
    }

    /**
     * The first service offering {@code capability} in the current document (docs/protocol.md#service-discovery).
     *
     * @param capability the service name, e.g. {@code "echo"} or {@code "courier"}
     * @return the service
     * @throws IllegalStateException if there is no document or no such service in it
     */
    public ServiceDescriptor service(String capability) {
        SyntheticPki.Built doc = core.currentDocument();
        if (doc == null) {
            throw new IllegalStateException("the simulator has no PKI document");
        }
        List<ServiceDescriptor> s = doc.document().services(capability);
        if (s.isEmpty()) {
            throw new IllegalStateException("no '" + capability + "' service in the PKI document");
        }
        return s.get(0);
    }

    /**
     * Replaces the get_directory_authorities answer (docs/protocol.md#directory-authority).
     *
     * @param authorities one CBOR map per authority, as kpclientd sends them; empty or null makes the answer
     *     error 10
     */
    public void setDirectoryAuthorities(List<Map<Object, Object>> authorities) {
        core.setAuthorities(authorities);
    }

    // ================================================================================================ echo

    /**
     * Delay between the sent event and the echo reply, for sends from now on.
     *
     * @param delay zero (the reply follows at once) or positive
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws NullPointerException if {@code delay} is null
     */
    public void setEchoDelay(Duration delay) {
        core.setEchoDelay(Durations.requireNonNegative(delay, "delay"));
    }

    /**
     * Probability that an echo reply is lost, drawn from the simulator's seeded random ({@link Builder#seed}).
     *
     * @param p from 0 (never) to 1 (always)
     * @throws IllegalArgumentException if {@code p} is outside 0..1 or NaN
     */
    public void setEchoDropProbability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be in 0..1");
        }
        core.setEchoDropProbability(p);
    }

    /**
     * Loses the next {@code n} echo replies (then the drop probability applies again).
     *
     * @param n how many, zero or more
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public void dropNextEchoReplies(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative count");
        }
        core.dropNextEchoReplies(n);
    }

    /**
     * The {@code reply_eta} reported in sent events; default: the echo delay.
     *
     * @param eta zero (reported as 0) or positive
     * @throws IllegalArgumentException if {@code eta} is negative
     * @throws NullPointerException if {@code eta} is null
     */
    public void setReplyEta(Duration eta) {
        core.setReplyEta(Durations.requireNonNegative(eta, "eta"));
    }

    // ================================================================================================ injection

    /**
     * The next request of this kind is answered with the daemon's error reply carrying {@code code} instead of
     * being served. Calls queue up, one per request. For {@code send_message} the sent event carries an
     * {@code err} instead; {@code start_resending_*} failures arrive after the usual latency.
     * {@link ThinErrorCode#SUCCESS} gives a bare success reply (every other field empty).
     *
     * @param kind the kind of request to fail; not {@link RequestKind#OTHER}
     * @param code the error code to answer with
     * @throws IllegalArgumentException if {@code kind} is {@link RequestKind#OTHER}
     * @throws NullPointerException if an argument is null
     */
    public void failNext(RequestKind kind, ThinErrorCode code) {
        Objects.requireNonNull(code, "code");
        failNext(kind, code.code());
    }

    /**
     * As {@link #failNext(RequestKind, ThinErrorCode)} with a raw {@code error_code} byte: for codes
     * {@link ThinErrorCode} does not name, and for {@code start_resending_encrypted_message}, whose
     * {@code error_code} carries replica codes (docs/protocol.md#replica-codes) as well as thin ones.
     *
     * @param kind the kind of request to fail; not {@link RequestKind#OTHER}
     * @param errorCode the {@code error_code} to answer with, 0 … 255
     * @throws IllegalArgumentException if {@code kind} is {@link RequestKind#OTHER} or the code is not a uint8
     * @throws NullPointerException if {@code kind} is null
     */
    public void failNext(RequestKind kind, int errorCode) {
        String key = wireName(kind);
        if (errorCode < 0 || errorCode > 255) {
            throw new IllegalArgumentException("error codes are uint8");
        }
        core.failNext(key, errorCode);
    }

    /**
     * The next {@code start_resending_copy_command} fails with error 26, this replica error code and this
     * (1-based) failed envelope index; no destination box is written.
     *
     * @param replicaErrorCode the replica error code of the failure
     * @param failedEnvelopeIndex the 1-based index of the envelope that failed
     */
    public void failNextCopyCommand(int replicaErrorCode, long failedEnvelopeIndex) {
        core.pigeonholeFailNextCopy(replicaErrorCode, failedEnvelopeIndex);
    }

    /**
     * Delays every request of this kind from now on. Requests kpclientd runs inline (everything except
     * {@code send_message} and {@code start_resending_*}) hold up the connection's reader, as in the daemon;
     * mixnet requests get the delay added to their latency.
     *
     * @param kind the kind of request to delay; not {@link RequestKind#OTHER}
     * @param delay the delay, zero or positive; {@code Duration.ZERO} removes it
     * @throws IllegalArgumentException if {@code kind} is {@link RequestKind#OTHER} or {@code delay} is negative
     * @throws NullPointerException if an argument is null
     */
    public void delay(RequestKind kind, Duration delay) {
        String key = wireName(kind);
        core.delay(key, Durations.requireNonNegative(delay, "delay"));
    }

    /**
     * The next request of this kind is handled by {@code policy} instead of being served (it is still
     * recorded); a scripted failure or delay for that kind is left for the request after it. Calls queue up,
     * one per request.
     *
     * @param kind the kind of request to misbehave on; not {@link RequestKind#OTHER}
     * @param policy what the simulator does instead of answering
     * @throws IllegalArgumentException if {@code kind} is {@link RequestKind#OTHER}
     * @throws NullPointerException if an argument is null
     */
    public void whenNext(RequestKind kind, SocketPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        core.whenNext(wireName(kind), policy);
    }

    private static String wireName(RequestKind kind) {
        Objects.requireNonNull(kind, "kind");
        if (kind == RequestKind.OTHER) {
            throw new IllegalArgumentException("RequestKind.OTHER names no request; script a named kind");
        }
        return kind.wireName();
    }

    /**
     * Latency of every Pigeonhole ARQ round (start_resending_*), for rounds from now on.
     *
     * @param latency zero (a round completes at once) or positive
     * @throws IllegalArgumentException if {@code latency} is negative
     * @throws NullPointerException if {@code latency} is null
     */
    public void setPigeonholeLatency(Duration latency) {
        core.setPigeonholeLatency(Durations.requireNonNegative(latency, "latency"));
    }

    /**
     * Makes the couriers replay a cached "not found", as a real courier may (docs/protocol.md#pigeonhole-arq): from
     * now on, a read envelope (by its envelope hash) that was answered "box not found" once keeps that answer
     * after the box is written. A read resent by the daemon then never completes until its deadline or cancel;
     * one sent with {@code noRetryOnBoxIdNotFound} fails with box-not-found each time. Only a read with a fresh
     * envelope (a new {@code encrypt_read}) sees the box. Off by default, where a waiting read completes as soon
     * as its box is written.
     *
     * @param replay true to replay cached not-found answers, false to answer from the boxes again
     */
    public void setCourierReplaysNotFound(boolean replay) {
        core.setCourierReplaysNotFound(replay);
    }

    /**
     * The next accepted connection follows {@code script} (scripts queue up, one per connection).
     *
     * @param script what the connection does at each handshake step
     * @throws NullPointerException if {@code script} is null
     */
    public void scriptNextConnection(ConnectionScript script) {
        core.scriptNext(Objects.requireNonNull(script, "script"));
    }

    /**
     * Every connection without a {@link #scriptNextConnection next-connection script} follows {@code script}.
     *
     * @param script what each connection does at each handshake step
     * @throws NullPointerException if {@code script} is null
     */
    public void scriptEveryConnection(ConnectionScript script) {
        core.scriptEvery(Objects.requireNonNull(script, "script"));
    }

    // ================================================================================================ observation

    /**
     * Open connections, oldest first.
     *
     * @return a snapshot
     */
    public List<SimulatedConnection> connections() {
        return core.openConnections();
    }

    /**
     * How many connections were accepted so far (including closed ones, across restarts).
     *
     * @return the count
     */
    public int connectionCount() {
        return core.acceptedCount();
    }

    /**
     * Waits until {@code n} connections in total have been accepted ({@link #connectionCount()}).
     *
     * @param n the total to wait for
     * @param timeout how long to wait; positive
     * @return the newest open connection, or null if none is open any more
     * @throws AssertionError if fewer than {@code n} were accepted in time
     * @throws InterruptedException if the thread is interrupted while waiting
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws NullPointerException if {@code timeout} is null
     */
    public SimulatedConnection awaitConnection(int n, Duration timeout) throws InterruptedException {
        Durations.requirePositive(timeout, "timeout");
        if (!core.awaitCondition(() -> core.acceptedCount() >= n, timeout)) {
            throw new AssertionError("expected " + n + " connections within " + timeout + ", got "
                    + core.acceptedCount());
        }
        List<SimulatedConnection> open = core.openConnections();
        return open.isEmpty() ? null : open.get(open.size() - 1);
    }

    /**
     * Waits until {@code condition} holds, re-checking at least every 20 ms.
     *
     * @param condition checked on the calling thread
     * @param timeout how long to wait; positive
     * @return true once it holds, false on timeout
     * @throws InterruptedException if the thread is interrupted while waiting
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws NullPointerException if an argument is null
     */
    public boolean await(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(condition, "condition");
        return core.awaitCondition(condition, Durations.requirePositive(timeout, "timeout"));
    }

    /**
     * Frames that did not decode or announced more than 40 MiB (each tore its connection down).
     *
     * @return the count since the simulator started
     */
    public int badFrameCount() {
        return core.badFrameCount();
    }

    /**
     * Replies the session table holds for sessions with no connection attached (delivered when a client resumes).
     *
     * @return how many are held, over all sessions
     */
    public int bufferedReplyCount() {
        return core.bufferedReplyCount();
    }

    /**
     * Replies dropped because their session had no connection attached and they are not kept for it (kpclientd
     * keeps only legacy message replies, and Pigeonhole results when
     * {@link Builder#bufferPigeonholeRepliesWhileDisconnected} is set): a test can wait for a drop instead of
     * sleeping.
     *
     * @return how many were dropped, over all sessions, since the simulator started
     */
    public int droppedReplyCount() {
        return core.droppedReplyCount();
    }

    /**
     * Client tokens the session table holds (attached or within their grace period).
     *
     * @return the count
     */
    public int sessionCount() {
        return core.sessionCount();
    }

    /**
     * Boxes in the shared Pigeonhole store (tombstones included).
     *
     * @return the count
     */
    public int boxCount() {
        return core.boxCount();
    }

    /**
     * Every request received so far (since the last {@link #clearRequests()}), in arrival order, including the
     * handshake's {@code session_token}.
     *
     * @return a snapshot, oldest first
     */
    public List<RecordedRequest> requests() {
        List<RecordedRequest> out = new ArrayList<>();
        for (Received r : core.requests()) {
            out.add(new RecordedRequest(r));
        }
        return out;
    }

    /**
     * The received requests of one kind, in arrival order.
     *
     * @param kind the kind to keep
     * @return a snapshot, oldest first
     * @throws NullPointerException if {@code kind} is null
     */
    public List<RecordedRequest> requests(RequestKind kind) {
        Objects.requireNonNull(kind, "kind");
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest r : requests()) {
            if (r.kind() == kind) {
                out.add(r);
            }
        }
        return out;
    }

    /** Forgets the requests recorded so far (for instance the handshake's {@code session_token}). */
    public void clearRequests() {
        core.clearRequests();
    }

    /**
     * The first received request of this kind: already received, or arriving within {@code timeout}.
     *
     * @param kind the kind to wait for
     * @param timeout how long to wait; positive
     * @return the request
     * @throws AssertionError if none arrives in time
     * @throws InterruptedException if the thread is interrupted while waiting
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws NullPointerException if an argument is null
     */
    public RecordedRequest awaitRequest(RequestKind kind, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(kind, "kind");
        return awaitRequest(r -> r.kind() == kind, timeout, kind.wireName());
    }

    /**
     * The first received request matching {@code condition}: already received, or arriving within
     * {@code timeout}.
     *
     * @param condition what the request must satisfy
     * @param timeout how long to wait; positive
     * @return the request
     * @throws AssertionError if none arrives in time
     * @throws InterruptedException if the thread is interrupted while waiting
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws NullPointerException if an argument is null
     */
    public RecordedRequest awaitRequest(Predicate<RecordedRequest> condition, Duration timeout)
            throws InterruptedException {
        return awaitRequest(condition, timeout, "matching");
    }

    private RecordedRequest awaitRequest(Predicate<RecordedRequest> condition, Duration timeout, String what)
            throws InterruptedException {
        Objects.requireNonNull(condition, "condition");
        Durations.requirePositive(timeout, "timeout");
        Received r = core.awaitRequest(x -> condition.test(new RecordedRequest(x)), timeout);
        if (r == null) {
            throw new AssertionError("no " + what + " request within " + timeout);
        }
        return new RecordedRequest(r);
    }

    @Override
    public String toString() {
        return "KpclientdSimulator" + dials();
    }

    // ================================================================================================ builder

    /** Builder; every setting has a realistic default. Not thread-safe. */
    public static final class Builder {
        private final Settings s = new Settings();
        private Integer userForwardPayloadLength;
        private Integer maxPlaintextPayloadLength;
        private boolean sphinxGiven;
        private boolean pigeonholeGiven;

        private Builder() {}

        /**
         * Listen on TCP 127.0.0.1 at an ephemeral port (the default when no endpoint is chosen).
         *
         * @return this builder
         */
        public Builder tcp() {
            return tcp(0);
        }

        /**
         * Listen on TCP 127.0.0.1 at {@code port}.
         *
         * @param port the port, or 0 for an ephemeral one (kept across {@link KpclientdSimulator#stop()} and
         *     {@link KpclientdSimulator#start()})
         * @return this builder
         */
        public Builder tcp(int port) {
            s.tcp = true;
            s.tcpPort = port;
            return this;
        }

        /**
         * Listen on a Unix-domain socket at {@code path} (which must not exist; deleted on close).
         *
         * @param path the socket file
         * @return this builder
         * @throws NullPointerException if {@code path} is null
         */
        public Builder unixPath(Path path) {
            s.unixPath = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * Listen on a Linux abstract-namespace socket; clients dial {@code @name}.
         *
         * @param name the name, without the {@code @}
         * @return this builder
         * @throws NullPointerException if {@code name} is null
         */
        public Builder abstractUnix(String name) {
            s.abstractName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Listen for WebSocket on 127.0.0.1 at an ephemeral port; clients dial {@code ws://127.0.0.1:port/}.
         *
         * @return this builder
         */
        public Builder webSocket() {
            return webSocket(0);
        }

        /**
         * Listen for WebSocket on 127.0.0.1 at {@code port}.
         *
         * @param port the port, or 0 for an ephemeral one
         * @return this builder
         */
        public Builder webSocket(int port) {
            s.webSocket = true;
            s.webSocketPort = port;
            return this;
        }

        /**
         * The PKI document (default: {@code SyntheticPki.builder().build()}, with echo and courier services).
         *
         * @param doc the document sent in the handshake and answered to get_pki_document
         * @return this builder
         * @throws NullPointerException if {@code doc} is null (use {@link #noPkiDocument()})
         */
        public Builder pki(SyntheticPki.Built doc) {
            s.pki = Objects.requireNonNull(doc, "doc");
            s.pkiSet = true;
            return this;
        }

        /**
         * "No document yet": F2 carries a null payload and get_pki_document answers error 10.
         *
         * @return this builder
         */
        public Builder noPkiDocument() {
            s.pki = null;
            s.pkiSet = true;
            return this;
        }

        /**
         * The get_directory_authorities answer (default: the document's authorities).
         *
         * @param authorities one CBOR map per authority; empty makes the answer error 10
         * @return this builder
         * @throws NullPointerException if the list or an entry is null
         */
        public Builder directoryAuthorities(List<Map<Object, Object>> authorities) {
            s.authorities = List.copyOf(authorities);
            return this;
        }

        /**
         * Initial mixnet link state (default true).
         *
         * @param connected false to start in offline mode
         * @return this builder
         */
        public Builder mixnetConnected(boolean connected) {
            s.mixnetConnected = connected;
            return this;
        }

        /**
         * UserForwardPayloadLength (default 2000, as the testnet); the other Sphinx lengths and, unless set, the
         * Pigeonhole geometry follow from it the way kpclientd derives them.
         *
         * @param n the length in bytes, at least 500
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is below 500
         */
        public Builder userForwardPayloadLength(int n) {
            if (n < 500) {
                throw new IllegalArgumentException("UserForwardPayloadLength below 500 leaves no Pigeonhole payload");
            }
            userForwardPayloadLength = n;
            return this;
        }

        /**
         * MaxPlaintextPayloadLength of the Pigeonhole geometry (default 1549, derived from 2000 as kpclientd does).
         *
         * @param n the length in bytes, at least 16
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is below 16
         */
        public Builder maxPlaintextPayloadLength(int n) {
            if (n < 16) {
                throw new IllegalArgumentException("MaxPlaintextPayloadLength must be at least 16");
            }
            maxPlaintextPayloadLength = n;
            return this;
        }

        /**
         * A complete Sphinx geometry (overrides {@link #userForwardPayloadLength}).
         *
         * @param g the geometry
         * @return this builder
         * @throws NullPointerException if {@code g} is null
         */
        public Builder sphinxGeometry(SphinxGeometry g) {
            s.sphinx = Objects.requireNonNull(g, "geometry");
            sphinxGiven = true;
            return this;
        }

        /**
         * A complete Pigeonhole geometry (overrides {@link #maxPlaintextPayloadLength}).
         *
         * @param g the geometry
         * @return this builder
         * @throws NullPointerException if {@code g} is null
         */
        public Builder pigeonholeGeometry(PigeonholeGeometry g) {
            s.pigeonhole = Objects.requireNonNull(g, "geometry");
            pigeonholeGiven = true;
            return this;
        }

        /**
         * How long a session outlives an unclean disconnect (default {@link #DEFAULT_GRACE_PERIOD}, 30 s;
         * kpclientd's default is 10 min).
         *
         * @param gracePeriod zero (a session ends with its connection) or positive
         * @return this builder
         * @throws IllegalArgumentException if {@code gracePeriod} is negative
         * @throws NullPointerException if {@code gracePeriod} is null
         */
        public Builder gracePeriod(Duration gracePeriod) {
            s.gracePeriod = Durations.requireNonNegative(gracePeriod, "gracePeriod");
            return this;
        }

        /**
         * Delay of echo replies (default {@link #DEFAULT_ECHO_DELAY}, 5 ms).
         *
         * @param delay zero (the reply follows at once) or positive
         * @return this builder
         * @throws IllegalArgumentException if {@code delay} is negative
         * @throws NullPointerException if {@code delay} is null
         */
        public Builder echoDelay(Duration delay) {
            s.echoDelay = Durations.requireNonNegative(delay, "delay");
            return this;
        }

        /**
         * Probability that an echo reply is lost (default 0).
         *
         * @param p from 0 (never) to 1 (always)
         * @return this builder
         * @throws IllegalArgumentException if {@code p} is outside 0..1 or NaN
         */
        public Builder echoDropProbability(double p) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probability must be in 0..1");
            }
            s.echoDropProbability = p;
            return this;
        }

        /**
         * Latency of each Pigeonhole ARQ operation (default {@link #DEFAULT_PIGEONHOLE_LATENCY}, 10 ms).
         *
         * @param latency zero (an operation completes at once) or positive
         * @return this builder
         * @throws IllegalArgumentException if {@code latency} is negative
         * @throws NullPointerException if {@code latency} is null
         */
        public Builder pigeonholeLatency(Duration latency) {
            s.pigeonholeLatency = Durations.requireNonNegative(latency, "latency");
            return this;
        }

        /**
         * kpclientd drops a Pigeonhole ARQ result that completes while the session has no connection
         * (docs/protocol.md#disconnect); {@code true} buffers it like a legacy reply instead. Default false.
         *
         * @param buffer true to buffer such results
         * @return this builder
         */
        public Builder bufferPigeonholeRepliesWhileDisconnected(boolean buffer) {
            s.bufferPigeonholeRepliesWhileDetached = buffer;
            return this;
        }

        /**
         * Seed of the loss simulation (default: time-based), for a run that loses the same replies every time.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            s.randomSeed = seed;
            s.randomSeedSet = true;
            return this;
        }

        /**
         * Builds and starts listening.
         *
         * @return the running simulator; close it when done
         * @throws UncheckedIOException if an endpoint cannot be bound
         */
        public KpclientdSimulator start() {
            if (!s.pkiSet) {
                s.pki = SyntheticPki.builder().build();
            }
            if (!sphinxGiven && userForwardPayloadLength != null) {
                SphinxGeometry t = Settings.TESTNET_SPHINX;
                int ufpl = userForwardPayloadLength;
                int forward = ufpl + t.surbLength() + t.sphinxPlaintextHeaderLength();
                s.sphinx = new SphinxGeometry(t.headerLength() + forward + t.payloadTagLength(), t.nrHops(),
                        t.headerLength(), t.routingInfoLength(), t.perHopRoutingInfoLength(), t.surbLength(),
                        t.sphinxPlaintextHeaderLength(), t.payloadTagLength(), forward, ufpl,
                        t.nextNodeHopLength(), t.sprpKeyMaterialLength(), t.nikeName(), t.kemName());
            }
            if (!pigeonholeGiven) {
                // as captured from v0.0.99: both queries fill the user payload; replies are the plaintext + 169
                PigeonholeGeometry t = Settings.TESTNET_PIGEONHOLE;
                int ufpl = s.sphinx.userForwardPayloadLength();
                int overhead = Settings.TESTNET_SPHINX.userForwardPayloadLength() - t.maxPlaintextPayloadLength();
                int max = maxPlaintextPayloadLength != null ? maxPlaintextPayloadLength : ufpl - overhead;
                int query = Math.max(ufpl, max + overhead);
                int reply = max + t.courierQueryReplyReadLength() - t.maxPlaintextPayloadLength();
                s.pigeonhole = new PigeonholeGeometry(max, query, query, reply, reply, t.nikeName(),
                        t.signatureSchemeName());
            }
            if (!s.tcp && s.unixPath == null && s.abstractName == null && !s.webSocket) {
                s.tcp = true;
            }
            KpclientdSimulator sim = new KpclientdSimulator(s);
            synchronized (sim.lifecycle) {
                try {
                    sim.listen();
                } catch (IOException e) {
                    sim.core.shutdown();
                    throw new UncheckedIOException("cannot start the simulator: " + e.getMessage(), e);
                }
            }
            return sim;
        }
    }
}
