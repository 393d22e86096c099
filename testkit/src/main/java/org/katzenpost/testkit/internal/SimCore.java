package org.katzenpost.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.katzenpost.testkit.ConnectionScript;
import org.katzenpost.testkit.HandshakeStep;
import org.katzenpost.testkit.Misbehaviour;
import org.katzenpost.testkit.SimulatedConnection;
import org.katzenpost.testkit.SocketPolicy;
import org.katzenpost.testkit.internal.wire.RequestDecoder;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.testkit.net.Connection;
import org.katzenpost.testkit.pki.SyntheticPki;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.SphinxGeometry;
import org.katzenpost.thin.Durations;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Requests.QueryRequest;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.ResendMessages;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.internal.wire.Responses.Response;
import org.katzenpost.thin.internal.wire.VoucherMessages;
import org.katzenpost.thin.pki.ByteKey;
import org.katzenpost.thin.pki.MixDescriptor;
import org.katzenpost.thin.pki.PkiDocument;
import org.katzenpost.thin.pki.ServiceDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated daemon's state and request handling, shared by every connection of one simulator. Internal:
 * use {@code KpclientdSimulator}.
 */
public final class SimCore {
    private static final Logger log = LoggerFactory.getLogger(SimCore.class);

    /** Requests kpclientd queues for the mixnet (Poisson-scheduled, docs/protocol.md#scheduling); the rest run inline. */
    static final Set<String> MIXNET_KINDS = Set.of(Requests.SendMessage.KEY,
            ResendMessages.StartResendingEncryptedMessage.KEY, ResendMessages.StartResendingCopyCommand.KEY);

    final Settings settings;
    final ScheduledExecutorService scheduler;
    private final SecureRandom secureRandom = new SecureRandom();
    private final SplittableRandom lossRandom;
    final Sessions sessions;
    final Pigeonhole pigeonhole;
    final Vouchers vouchers;

    private final Object stateLock = new Object();
    private volatile byte[] instanceToken;
    private volatile long generation;
    private volatile boolean mixnetConnected;
    private volatile PkiState pki;
    private final Map<Long, SyntheticPki.Built> documents = new LinkedHashMap<>();
    private volatile List<Map<Object, Object>> authorities;

    private final Set<SimConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionIds = new AtomicLong();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger badFrames = new AtomicInteger();
    private final Deque<ConnectionScript> nextScripts = new ConcurrentLinkedDeque<>();
    private volatile ConnectionScript everyScript = ConnectionScript.NORMAL;

    private final List<Received> recorded = new ArrayList<>();
    private final Map<String, Deque<Integer>> failures = new HashMap<>();
    private final Map<String, Deque<SocketPolicy>> policies = new HashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();

    private volatile Duration echoDelay;
    private volatile double echoDropProbability;
    private final AtomicInteger dropNextEchoReplies = new AtomicInteger();
    private volatile Duration replyEta;

    private final List<Runnable> whenOnline = new ArrayList<>();
    private volatile Duration pigeonholeLatency;
    private volatile boolean courierReplaysNotFound;

    public SimCore(Settings settings) {
        this.settings = settings;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kpclientd-sim-scheduler");
            t.setDaemon(true);
            return t;
        });
        this.lossRandom = new SplittableRandom(settings.randomSeed);
        this.instanceToken = random(16);
        this.mixnetConnected = settings.mixnetConnected;
        this.echoDelay = settings.echoDelay;
        this.echoDropProbability = settings.echoDropProbability;
        this.pigeonholeLatency = settings.pigeonholeLatency;
        this.sessions = new Sessions(scheduler, () -> random(16), () -> settings.gracePeriod);
        if (settings.pki != null) {
            documents.put(settings.pki.epoch(), settings.pki);
        }
        this.pki = new PkiState(settings.pki);
        this.authorities = settings.authorities != null ? settings.authorities
                : settings.pki != null ? settings.pki.directoryAuthorities() : List.of();
        this.pigeonhole = new Pigeonhole(this);
        this.vouchers = new Vouchers(this);
    }

    // =============================================================================================== basics

    byte[] random(int n) {
        byte[] b = new byte[n];
        secureRandom.nextBytes(b);
        return b;
    }

    public byte[] instanceToken() {
        return instanceToken.clone();
    }

    public long generation() {
        return generation;
    }

    SphinxGeometry sphinx() {
        return settings.sphinx;
    }

    PigeonholeGeometry pigeonholeGeometry() {
        return settings.pigeonhole;
    }

    PkiState pkiState() {
        return pki;
    }

    public void shutdown() {
        for (SimConnection c : connections) {
            c.close("simulator closed");
        }
        scheduler.shutdownNow();
    }

    // =============================================================================================== connections

    /** Wraps and starts a freshly accepted connection. */
    public SimConnection accept(Connection conn, String transport) {
        ConnectionScript script = nextScripts.pollFirst();
        if (script == null) {
            script = everyScript;
        }
        SimConnection c = new SimConnection(connectionIds.incrementAndGet(), transport, conn, this, generation, script);
        connections.add(c);
        accepted.incrementAndGet();
        sessions.attachNew(c);
        synchronized (recorded) {
            recorded.notifyAll();
        }
        log.debug("accepted connection {} ({})", c.id(), transport);
        c.start();
        return c;
    }

    void connectionEnded(SimConnection c) {
        connections.remove(c);
        if (c.generation == generation) {
            sessions.connectionEnded(c, c.isThinCloseReceived());
        }
        synchronized (recorded) {
            recorded.notifyAll();
        }
    }

    public List<SimulatedConnection> openConnections() {
        List<SimulatedConnection> l = new ArrayList<>();
        for (SimConnection c : connections) {
            if (c.isOpen()) {
                l.add(c);
            }
        }
        l.sort((a, b) -> Long.compare(a.id(), b.id()));
        return l;
    }

    public int acceptedCount() {
        return accepted.get();
    }

    public int badFrameCount() {
        return badFrames.get();
    }

    void noteBadFrame() {
        badFrames.incrementAndGet();
    }

    public void scriptNext(ConnectionScript s) {
        nextScripts.addLast(s);
    }

    public void scriptEvery(ConnectionScript s) {
        everyScript = s;
    }

    public void dropAll() {
        for (SimConnection c : connections) {
            c.close("dropAllConnections");
        }
    }

    /** A new daemon process: new instance token, every session and in-flight operation gone. */
    public void restart() {
        synchronized (stateLock) {
            generation++;
            instanceToken = random(16);
        }
        for (SimConnection c : connections) {
            c.close("restart");
        }
        sessions.clear();
        synchronized (whenOnline) {
            whenOnline.clear();
        }
        vouchers.reset();
    }

    /** A graceful daemon shutdown: shutdown_event on every connection, then close. */
    public void shutdownAll() {
        for (SimConnection c : connections) {
            c.perform(org.katzenpost.testkit.Misbehaviour.shutdownThenClose());
        }
    }

    // =============================================================================================== handshake

    /** Queues F1 and F2 (and the scripted actions around them) on a new connection. Reader thread. */
    void prologue(SimConnection c) {
        ConnectionScript s = c.script;
        c.runStep(HandshakeStep.BEFORE_F1);
        synchronized (stateLock) {
            Response f1 = new Responses.ConnectionStatusFrame(mixnetConnected, instanceToken.clone(),
                    s.omitSphinxGeometry() ? null : settings.sphinx,
                    s.omitPigeonholeGeometry() ? null : settings.pigeonhole);
            PkiState p = pki;
            Response f2 = new Responses.NewPkiDocumentFrame(p.built == null ? null : p.built.strippedDocument());
            if (s.pkiFirst()) {
                c.send(f2);
                c.runStep(HandshakeStep.AFTER_F2);
                c.send(f1);
                c.runStep(HandshakeStep.AFTER_F1);
            } else {
                c.send(f1);
                c.runStep(HandshakeStep.AFTER_F1);
                c.send(f2);
                c.runStep(HandshakeStep.AFTER_F2);
            }
            c.initialSequenceDone = true;
        }
    }

    private void broadcast(Response r) {
        byte[] body = ResponseEncoder.encode(r);
        for (SimConnection c : connections) {
            if (c.initialSequenceDone && c.isOpen()) {
                c.enqueueFrame(body);
            }
        }
    }

    // =============================================================================================== state knobs

    public boolean mixnetConnected() {
        return mixnetConnected;
    }

    /** Changes the mixnet link state and broadcasts a connection_status_event (only when it changes). */
    public void setMixnetConnected(boolean connected) {
        List<Runnable> resume = List.of();
        synchronized (stateLock) {
            if (mixnetConnected == connected) {
                return;
            }
            mixnetConnected = connected;
            broadcast(new Responses.ConnectionStatusFrame(connected, instanceToken.clone(), settings.sphinx,
                    settings.pigeonhole));
        }
        if (connected) {
            synchronized (whenOnline) {
                resume = new ArrayList<>(whenOnline);
                whenOnline.clear();
            }
        }
        resume.forEach(scheduler::execute);
    }

    /** Runs {@code r} now if the mixnet is up, else when it comes back (within this daemon generation). */
    void whenOnline(Runnable r) {
        synchronized (whenOnline) {
            if (!mixnetConnected) {
                whenOnline.add(r);
                return;
            }
        }
        r.run();
    }

    /** Makes {@code doc} the current document, caches it by epoch and broadcasts new_pki_document_event. */
    public void publishPkiDocument(SyntheticPki.Built doc) {
        synchronized (stateLock) {
            documents.put(doc.epoch(), doc);
            pki = new PkiState(doc);
            broadcast(new Responses.NewPkiDocumentFrame(doc.strippedDocument()));
        }
    }

    /** Forgets every document: F2 carries null and get_pki_document answers error 10. No broadcast. */
    public void clearPkiDocuments() {
        synchronized (stateLock) {
            documents.clear();
            pki = new PkiState(null);
        }
    }

    public void setAuthorities(List<Map<Object, Object>> auths) {
        this.authorities = auths == null ? List.of() : List.copyOf(auths);
    }

    public SyntheticPki.Built currentDocument() {
        return pki.built;
    }

    public void setPigeonholeLatency(Duration d) {
        this.pigeonholeLatency = d;
    }

    Duration pigeonholeLatency() {
        return pigeonholeLatency;
    }

    public void setCourierReplaysNotFound(boolean replay) {
        this.courierReplaysNotFound = replay;
    }

    boolean courierReplaysNotFound() {
        return courierReplaysNotFound;
    }

    public void pigeonholeFailNextCopy(int replicaErrorCode, long failedEnvelopeIndex) {
        pigeonhole.failNextCopy(replicaErrorCode, failedEnvelopeIndex);
    }

    public int bufferedReplyCount() {
        return sessions.bufferedCount();
    }

    public int droppedReplyCount() {
        return sessions.droppedWhileDetachedCount();
    }

    public int sessionCount() {
        return sessions.tokenCount();
    }

    public int boxCount() {
        return pigeonhole.boxCount();
    }

    public void setEchoDelay(Duration d) {
        this.echoDelay = d;
    }

    public void setEchoDropProbability(double p) {
        this.echoDropProbability = p;
    }

    public void dropNextEchoReplies(int n) {
        dropNextEchoReplies.set(n);
    }

    public void setReplyEta(Duration d) {
        this.replyEta = d;
    }

    public void failNext(String kind, int code) {
        synchronized (failures) {
            failures.computeIfAbsent(kind, k -> new ArrayDeque<>()).addLast(code);
        }
    }

    private Integer takeFailure(String kind) {
        synchronized (failures) {
            Deque<Integer> d = failures.get(kind);
            return d == null ? null : d.pollFirst();
        }
    }

    /** The next request with this wire key is handled by {@code policy} instead of being served; queues up. */
    public void whenNext(String kind, SocketPolicy policy) {
        synchronized (policies) {
            policies.computeIfAbsent(kind, k -> new ArrayDeque<>()).addLast(policy);
        }
    }

    private SocketPolicy takePolicy(String kind) {
        synchronized (policies) {
            Deque<SocketPolicy> d = policies.get(kind);
            return d == null ? null : d.pollFirst();
        }
    }

    public void delay(String kind, Duration d) {
        if (d == null || d.isZero()) {
            delays.remove(kind);
        } else {
            delays.put(kind, d);
        }
    }

    Duration extraDelay(String kind) {
        return delays.getOrDefault(kind, Duration.ZERO);
    }

    // =============================================================================================== recording

    private void record(SimConnection c, Request r, int bodySize) {
        synchronized (recorded) {
            recorded.add(new Received(c.id(), r, bodySize, Instant.now()));
            recorded.notifyAll();
        }
    }

    public List<Received> requests() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    public void clearRequests() {
        synchronized (recorded) {
            recorded.clear();
        }
    }

    /** The first recorded request matching, waiting up to {@code timeout}; null on timeout. */
    public Received awaitRequest(Predicate<Received> p, Duration timeout) throws InterruptedException {
        long deadline = Durations.deadline(timeout);
        synchronized (recorded) {
            while (true) {
                for (Received r : recorded) {
                    if (p.test(r)) {
                        return r;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(recorded, left);
            }
        }
    }

    /** Waits until {@code p} holds (re-checked on every accept, close and request); false on timeout. */
    public boolean awaitCondition(java.util.function.BooleanSupplier p, Duration timeout) throws InterruptedException {
        long deadline = Durations.deadline(timeout);
        synchronized (recorded) {
            while (!p.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(recorded, Math.min(left, TimeUnit.MILLISECONDS.toNanos(20)));
            }
            return true;
        }
    }

    // =============================================================================================== requests

    /** Handles one frame body from {@code c} on its reader; false when the connection must be torn down. */
    boolean onFrame(SimConnection c, byte[] body) {
        Request req;
        try {
            req = RequestDecoder.decode(body);
        } catch (CborException e) {
            if (isMapWithoutVariant(body)) {
                log.debug("connection {}: request with no non-null variant dropped, no reply", c.id());
                return true;
            }
            badFrames.incrementAndGet();
            log.debug("connection {}: undecodable request ({}); tearing the connection down", c.id(), e.getMessage());
            return false;
        }
        record(c, req, body.length);
        if (req instanceof Requests.Unknown) {
            log.debug("connection {}: unknown request variant {} dropped, no reply", c.id(), req.wireKey());
            return true;
        }
        SocketPolicy policy = takePolicy(req.wireKey());
        if (policy != null) {
            return applyPolicy(c, req, policy);
        }
        try {
            return handle(c, req);
        } catch (RuntimeException e) {
            log.warn("connection {}: simulator failed on {}", c.id(), req.wireKey(), e);
            Response err = Replies.error(req, Replies.INTERNAL_ERROR, 0);
            if (err != null) {
                c.send(err);
            }
            return true;
        }
    }

    /**
     * Carries out a scripted {@link SocketPolicy} instead of serving {@code req}. A policy that ends the
     * connection queues its action on the writer (after the frames already queued) followed by a stall, which
     * stops this reader at once: no later request is read, and the writer closes the socket.
     */
    private boolean applyPolicy(SimConnection c, Request req, SocketPolicy policy) {
        log.debug("connection {}: {} for {}", c.id(), policy, req.wireKey());
        switch (policy) {
            case NO_RESPONSE:
                break;
            case DISCONNECT_AFTER_REQUEST:
                c.perform(Misbehaviour.close(), Misbehaviour.stall());
                break;
            case DISCONNECT_DURING_RESPONSE: {
                Response reply = Replies.error(req, Replies.OK, 0);
                byte[] body = ResponseEncoder.encode(reply != null ? reply
                        : new Responses.ConnectionStatusFrame(mixnetConnected, instanceToken, null, null));
                c.perform(new Misbehaviour.TruncatedFrameThenClose(body, body.length / 2), Misbehaviour.stall());
                break;
            }
            case STALL:
                c.perform(Misbehaviour.stall());
                break;
            case SHUTDOWN_AFTER_REQUEST:
                c.perform(Misbehaviour.shutdownThenClose(), Misbehaviour.stall());
                break;
            default:
                throw new IllegalStateException("unknown policy " + policy);
        }
        return true;
    }

    private static boolean isMapWithoutVariant(byte[] body) {
        try {
            Object v = CborReader.decode(body);
            if (!(v instanceof Map<?, ?> m)) {
                return false;
            }
            for (Object value : m.values()) {
                if (value != null) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean handle(SimConnection c, Request req) {
        if (req instanceof Requests.SessionToken t) {
            c.runStep(HandshakeStep.AFTER_TOKEN);
            if (t.clientInstanceToken() == null) {
                log.debug("connection {}: session_token without a token ignored", c.id());
                return true;
            }
            sessions.bind(c, t.clientInstanceToken()); // marks the handshake complete, then queues the reply
            c.runStep(HandshakeStep.AFTER_TOKEN_REPLY);
            return true;
        }
        if (req instanceof Requests.ThinClose) {
            c.markThinClose();
            c.close("thin_close");
            return false;
        }
        String kind = req.wireKey();
        Duration extra = extraDelay(kind);
        boolean mixnet = MIXNET_KINDS.contains(kind);
        if (!mixnet && !extra.isZero()) {
            sleep(extra); // inline requests hold up the reader, as in kpclientd
        }
        Integer failure = takeFailure(kind);
        if (req instanceof Requests.SendMessage m) {
            sendMessage(c, m, failure, extra);
            return true;
        }
        if (failure != null) {
            log.debug("connection {}: injected error {} for {}", c.id(), failure, kind);
            Response err = Replies.error(req, failure, req instanceof Requests.GetPkiDocument g ? g.epoch() : 0);
            if (mixnet) {
                Session s = sessionOf(c);
                Duration latency = extra.plus(pigeonholeLatency);
                scheduler.schedule(() -> sessions.deliver(s, ResponseEncoder.encode(err), false, kind + " reply"),
                        Durations.toNanos(latency), TimeUnit.NANOSECONDS);
            } else {
                c.send(err);
            }
            return true;
        }
        if (req instanceof Requests.GetPkiDocument g) {
            getPkiDocument(c, g);
        } else if (req instanceof Requests.GetDirectoryAuthorities g) {
            List<Map<Object, Object>> a = authorities;
            c.send(a == null || a.isEmpty()
                    ? Replies.error(g, Replies.SERVICE_UNAVAILABLE, 0)
                    : new Responses.GetDirectoryAuthoritiesReply(g.queryId(), copyAuthorities(a), 0));
        } else if (req instanceof VoucherMessages.VoucherMint || req instanceof VoucherMessages.VoucherInduct
                || req instanceof VoucherMessages.VoucherOpen
                || req instanceof VoucherMessages.VoucherDeriveStream) {
            c.send(vouchers.handle((QueryRequest) req));
        } else {
            pigeonhole.handle(c, req, extra);
        }
        return true;
    }

    Session sessionOf(SimConnection c) {
        synchronized (sessions.lock()) {
            return c.session;
        }
    }

    static void sleep(Duration d) {
        try {
            TimeUnit.NANOSECONDS.sleep(Durations.toNanos(d));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Map<Object, Object>> copyAuthorities(List<Map<Object, Object>> a) {
        List<Map<Object, Object>> out = new ArrayList<>(a.size());
        for (Map<Object, Object> m : a) {
            out.add(new LinkedHashMap<>(m));
        }
        return out;
    }

    // =============================================================================================== PKI

    private void getPkiDocument(SimConnection c, Requests.GetPkiDocument g) {
        SyntheticPki.Built doc;
        long epoch = g.epoch();
        synchronized (stateLock) {
            if (epoch == 0) {
                doc = pki.built;
                if (doc == null) {
                    c.send(Replies.error(g, Replies.SERVICE_UNAVAILABLE, SyntheticPki.currentEpoch()));
                    return;
                }
            } else {
                doc = documents.get(epoch);
                if (doc == null) {
                    c.send(Replies.error(g, Replies.SERVICE_UNAVAILABLE, epoch));
                    return;
                }
            }
        }
        c.send(new Responses.GetPkiDocumentReply(g.queryId(), doc.signedDocument(), doc.epoch(), 0));
    }

    /** What the current document offers, precomputed. */
    static final class PkiState {
        final SyntheticPki.Built built;
        final Set<ByteKey> nodes = new HashSet<>();
        /** Echo services: node id hash → endpoints. */
        final Map<ByteKey, Set<String>> echo = new HashMap<>();
        final List<Courier> couriers = new ArrayList<>();

        PkiState(SyntheticPki.Built built) {
            this.built = built;
            if (built == null) {
                return;
            }
            PkiDocument doc = built.document();
            for (MixDescriptor n : doc.allNodes()) {
                nodes.add(ByteKey.of(n.identityKeyHash()));
            }
            for (ServiceDescriptor s : doc.services("echo")) {
                echo.computeIfAbsent(ByteKey.of(s.node().identityKeyHash()), k -> new HashSet<>()).add(s.endpoint());
            }
            for (ServiceDescriptor s : doc.services("courier")) {
                couriers.add(new Courier(s.node().identityKeyHash(), s.endpoint().getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    record Courier(byte[] identityHash, byte[] queueId) {}

    // =============================================================================================== legacy send

    private void sendMessage(SimConnection c, Requests.SendMessage m, Integer failure, Duration extra) {
        Session s = sessionOf(c);
        PkiState p = pki;
        int limit = settings.sphinx.userForwardPayloadLength();
        int padTo = settings.sphinx.forwardPayloadLength();
        int payloadLength = m.payload() == null ? 0 : m.payload().length;
        String err = null;
        if (!mixnetConnected) {
            err = "failed to send message: not connected to the mixnet (offline mode)";
        } else if (failure != null) {
            err = "injected failure (code " + failure + ")";
        } else if (payloadLength > limit) {
            err = "message too large: " + payloadLength + " > " + limit;
        } else if (m.withSurb() && m.surbId() == null) {
            err = "invalid request: with_surb set but surbid missing";
        } else if (m.destinationIdHash() == null || m.recipientQueueId() == null
                || m.recipientQueueId().length == 0) {
            err = "invalid request: destination_id_hash and recipient_queue_id are required";
        } else if (p.built == null) {
            err = "no PKI document";
        } else if (!p.nodes.contains(ByteKey.of(m.destinationIdHash()))) {
            err = "destination node not found in the PKI document";
        }
        if (!m.withSurb()) {
            if (err != null) {
                log.debug("connection {}: SURB-less send failed ({}); no event, as in kpclientd", c.id(), err);
            }
            return; // nothing comes back without a SURB, not even the echo (it has no SURB to reply with)
        }
        Set<String> endpoints = err == null ? p.echo.get(ByteKey.of(m.destinationIdHash())) : null;
        boolean echo = endpoints != null
                && endpoints.contains(new String(m.recipientQueueId(), StandardCharsets.UTF_8));
        String sentErr = err;
        Duration eta = replyEta != null ? replyEta : echoDelay;
        Runnable send = () -> {
            Response sent = new Responses.MessageSentFrame(m.id(), m.surbId(), Instant.now().getEpochSecond(),
                    Durations.toNanos(eta), sentErr);
            sessions.deliver(s, ResponseEncoder.encode(sent), false, "message_sent_event");
            if (echo) {
                scheduler.schedule(() -> echoReply(s, m, padTo), Durations.toNanos(echoDelay), TimeUnit.NANOSECONDS);
            }
        };
        if (extra.isZero()) {
            send.run();
        } else {
            scheduler.schedule(send, Durations.toNanos(extra), TimeUnit.NANOSECONDS);
        }
    }

    private void echoReply(Session s, Requests.SendMessage m, int padTo) {
        if (dropNextEchoReplies.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            log.debug("echo reply dropped (drop-next counter)");
            return;
        }
        double p = echoDropProbability;
        if (p > 0) {
            double draw;
            synchronized (lossRandom) {
                draw = lossRandom.nextDouble();
            }
            if (draw < p) {
                log.debug("echo reply lost (drop probability {})", p);
                return;
            }
        }
        byte[] sent = m.payload() == null ? new byte[0] : m.payload();
        byte[] payload = new byte[Math.max(padTo, sent.length)];
        System.arraycopy(sent, 0, payload, 0, sent.length);
        Response reply = new Responses.MessageReplyFrame(m.id(), m.surbId(), payload, null, 0);
        sessions.deliver(s, ResponseEncoder.encode(reply), true, "message_reply_event");
    }
}
