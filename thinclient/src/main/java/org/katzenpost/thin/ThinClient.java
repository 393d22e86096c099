package org.katzenpost.thin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.katzenpost.thin.event.EventSubscription;
import org.katzenpost.thin.event.ListenerRegistration;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.event.NewPkiDocumentEvent;
import org.katzenpost.thin.event.OverflowPolicy;
import org.katzenpost.thin.event.ThinClientEvent;
import org.katzenpost.thin.internal.session.Reissue;
import org.katzenpost.thin.internal.session.ReliableSend;
import org.katzenpost.thin.internal.session.Session;
import org.katzenpost.thin.internal.session.SessionAccess;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.pki.DirectoryAuthority;
import org.katzenpost.thin.pki.PkiDocument;
import org.katzenpost.thin.pki.PkiDocuments;
import org.katzenpost.thin.pki.ServiceDescriptor;
import org.katzenpost.thin.pki.SignedPkiDocument;
import org.katzenpost.thin.stats.ClientStatistics;
import org.katzenpost.thin.stats.RequestKind;

/**
 * A connection to the Katzenpost client daemon {@code kpclientd}, and through it to the mixnet.
 *
 * <pre>{@code
 * try (ThinClient client = ThinClient.connect(ThinClientConfig.load(Path.of("thinclient.toml")))) {
 *     Destination echo = client.getService("echo").toDestination();
 *     byte[] reply = client.blockingSendMessage("hello".getBytes(UTF_8), echo, Duration.ofSeconds(60));
 * }
 * }</pre>
 *
 * <p>Every call that waits for the daemon has a deadline: the config's {@code requestTimeout} by default, or
 * the {@code Duration} passed. Asynchronous calls return a {@link CompletableFuture} that fails with a
 * {@link ThinClientException}; their dependent stages never run on the socket reader thread. Cancelling a
 * future forgets the request. Thread-safe.
 */
public final class ThinClient implements AutoCloseable {
    private static final int RECENT_REPLY_FUTURES = 1024;

    private final Session session;
    private final Map<SurbId, CompletableFuture<MessageReplyEvent>> replyFutures =
            Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<SurbId, CompletableFuture<MessageReplyEvent>> e) {
                    return size() > RECENT_REPLY_FUTURES && e.getValue().isDone();
                }
            });

    private ThinClient(ThinClientConfig config) {
        this.session = new Session(Objects.requireNonNull(config, "config"));
    }

    /** A client that is not connected yet; call {@link #start()}. Listeners added now see the handshake. */
    public static ThinClient create(ThinClientConfig config) {
        return new ThinClient(config);
    }

    /** Creates a client and {@link #start() starts} it: returns once the whole handshake is done. */
    public static ThinClient connect(ThinClientConfig config) {
        ThinClient client = new ThinClient(config);
        try {
            client.start();
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * Connects and completes the handshake (connection status with both geometries, the PKI document event,
     * and the session token exchange). Throws {@link DaemonConnectionException} when the daemon cannot be
     * reached, {@link ProtocolViolationException} when it deviates from the protocol, and
     * {@link RequestTimeoutException} after the handshake timeout. Calling it again once started does nothing.
     */
    public void start() {
        session.start();
    }

    /** The original API's {@code stop()}: same as {@link #close()}. */
    public void stop() {
        close();
    }

    /**
     * Sends {@code thin_close} (the daemon drops this session and its in-flight work at once), fails every
     * pending call with {@link ClientClosedException} and stops every thread the client started. Returns within
     * {@link ThinClientConfig#closeTimeout()} plus the time running listeners take to return, even when the
     * daemon does not read: {@code thin_close} is then not written, and the daemon keeps the session for its
     * grace period as after {@link #disconnect()}.
     */
    @Override
    public void close() {
        session.close();
    }

    /**
     * Leaves without {@code thin_close}: closes the connection, fails every pending call with
     * {@link ClientClosedException} and stops every thread, but kpclientd keeps the session (its in-flight work and
     * the replies that arrive meanwhile) for its grace period ({@code SessionGracePeriod}, 10 minutes by default).
     * A new client, in this process or another, resumes it with
     * {@link ThinClientConfig.Builder#resumeSession(SessionToken)} and {@link #sessionToken()}, and receives the
     * replies the daemon kept. This client cannot be used again.
     */
    public void disconnect() {
        session.disconnect();
    }

    /**
     * The token that identifies this client's session to the daemon, to resume the session from another client
     * after {@link #disconnect()} (see {@link SessionToken}, a secret).
     *
     * @return the token presented in every handshake of this client
     */
    public SessionToken sessionToken() {
        return SessionToken.of(session.sessionToken());
    }

    // ------------------------------------------------------------------ state

    /** True when the daemon reports a live link to the mixnet (false in offline mode or when disconnected). */
    public boolean isConnected() {
        return session.isMixnetConnected();
    }

    /** True while the socket to kpclientd is up (the mixnet itself may still be offline). */
    public boolean isDaemonConnected() {
        return session.isDaemonConnected();
    }

    /** Whether the daemon resumed our previous session in the last handshake. */
    public boolean isSessionResumed() {
        return session.lastSessionResumed();
    }

    /** The Sphinx geometry the daemon announced in the handshake. */
    public SphinxGeometry sphinxGeometry() {
        return session.sphinxGeometry();
    }

    /** The Pigeonhole geometry the daemon announced in the handshake. */
    public PigeonholeGeometry pigeonholeGeometry() {
        return session.pigeonholeGeometry();
    }

    /** The largest payload {@link #sendMessage} accepts: the geometry's user forward payload length. */
    public int maxMessagePayloadLength() {
        SphinxGeometry g = session.sphinxGeometry();
        return g == null ? 0 : g.userForwardPayloadLength();
    }

    /** Frames from the daemon that could not be decoded and were skipped. */
    public long malformedFrameCount() {
        return session.malformedFrames();
    }

    /**
     * A snapshot of this client's statistics since it was created: calls in flight, calls completed and failed
     * per {@link RequestKind} and per cause, latency histograms per kind, reconnects, malformed frames and the
     * events each listener and subscription dropped. Recording costs about 70 ns of CPU per call
     * (docs/performance.md, "Metrics overhead"); a snapshot about 10 µs with every kind in use. A call is
     * counted before its future completes. See docs/metrics.md.
     *
     * @return an immutable snapshot
     */
    public ClientStatistics statistics() {
        return session.statistics();
    }

    public ThinClientConfig config() {
        return session.config();
    }

    static {
        SessionAccess.register(c -> c.session);
    }

    /** The session behind this client, for the library's own tests in this package; other packages use {@link SessionAccess}. */
    Session session() {
        return session;
    }

    // ------------------------------------------------------------------ events

    /** Adds a listener for events of {@code type} (use {@link ThinClientEvent} for all), with the config's queue. */
    public <E extends ThinClientEvent> ListenerRegistration addListener(Class<E> type, Consumer<? super E> listener) {
        return session.bus().addListener(type, listener, config().eventQueueCapacity(), config().listenerOverflowPolicy());
    }

    /** A pull subscription with the config's queue bound and {@link OverflowPolicy#DROP_OLDEST}. */
    public <E extends ThinClientEvent> EventSubscription<E> subscribe(Class<E> type) {
        return subscribe(type, config().eventQueueCapacity(), OverflowPolicy.DROP_OLDEST);
    }

    public <E extends ThinClientEvent> EventSubscription<E> subscribe(Class<E> type, int capacity,
            OverflowPolicy policy) {
        return session.bus().subscribe(type, capacity, policy);
    }

    // ------------------------------------------------------------------ ids

    public MessageId newMessageId() {
        return MessageId.random();
    }

    public SurbId newSurbId() {
        return SurbId.random();
    }

    public QueryId newQueryId() {
        return QueryId.random();
    }

    // ------------------------------------------------------------------ PKI

    /** The latest PKI document the daemon sent, if any yet (the daemon may start without one). */
    public Optional<PkiDocument> pkiDocument() {
        return session.currentDocument();
    }

    /** Waits until the daemon has sent a PKI document, at most {@code timeout}. */
    public PkiDocument awaitPkiDocument(Duration timeout) {
        Optional<PkiDocument> now = pkiDocument();
        if (now.isPresent()) {
            return now.get();
        }
        try (EventSubscription<NewPkiDocumentEvent> sub = subscribe(NewPkiDocumentEvent.class, 4, OverflowPolicy.DROP_OLDEST)) {
            now = pkiDocument(); // it may have arrived before we subscribed
            if (now.isPresent()) {
                return now.get();
            }
            return sub.poll(timeout).map(NewPkiDocumentEvent::document).orElseThrow(() ->
                    new RequestTimeoutException("kpclientd sent no PKI document within " + timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ThinClientException("interrupted while waiting for a PKI document", e);
        }
    }

    /** The document of {@code epoch} (0 = current), from the cache or fetched with {@code get_pki_document}. */
    public CompletableFuture<PkiDocument> pkiDocumentForEpoch(long epoch) {
        return pkiDocumentForEpoch(epoch, config().requestTimeout());
    }

    public CompletableFuture<PkiDocument> pkiDocumentForEpoch(long epoch, Duration timeout) {
        if (epoch != 0) {
            Optional<PkiDocument> cached = session.cachedDocument(epoch);
            if (cached.isPresent()) {
                return CompletableFuture.completedFuture(cached.get());
            }
        }
        return getPkiDocumentRaw(epoch, timeout).thenApply(signed -> {
            PkiDocument doc = signed.document();
            session.cachePkiDocument(doc);
            return doc;
        });
    }

    /** The signed, certificate-wrapped consensus of {@code epoch} (0 = current) exactly as the daemon holds it. */
    public CompletableFuture<SignedPkiDocument> getPkiDocumentRaw(long epoch) {
        return getPkiDocumentRaw(epoch, config().requestTimeout());
    }

    public CompletableFuture<SignedPkiDocument> getPkiDocumentRaw(long epoch, Duration timeout) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative");
        }
        return session.call(new Requests.GetPkiDocument(QueryId.random().toBytes(), epoch),
                Responses.GetPkiDocumentReply.class, timeout, Reissue.ALWAYS).thenApply(reply -> {
                    checkReply("get_pki_document", reply.errorCode());
                    if (reply.payload() == null || reply.payload().length == 0) {
                        throw new ProtocolViolationException("get_pki_document_reply for epoch " + epoch
                                + " succeeded but carried no document");
                    }
                    return SignedPkiDocument.parse(reply.payload());
                });
    }

    /** The directory authorities kpclientd is configured with. */
    public CompletableFuture<List<DirectoryAuthority>> getDirectoryAuthorities() {
        return getDirectoryAuthorities(config().requestTimeout());
    }

    public CompletableFuture<List<DirectoryAuthority>> getDirectoryAuthorities(Duration timeout) {
        return session.call(new Requests.GetDirectoryAuthorities(QueryId.random().toBytes()),
                Responses.GetDirectoryAuthoritiesReply.class, timeout, Reissue.ALWAYS).thenApply(reply -> {
                    checkReply("get_directory_authorities", reply.errorCode());
                    List<DirectoryAuthority> out = new ArrayList<>();
                    if (reply.authorities() != null) {
                        for (Map<Object, Object> m : reply.authorities()) {
                            out.add(DirectoryAuthority.fromWire(m));
                        }
                    }
                    return List.copyOf(out);
                });
    }

    /** Every service with {@code capability} in the current PKI document (empty when there is none yet). */
    public List<ServiceDescriptor> getServices(String capability) {
        return pkiDocument().map(d -> d.services(capability)).orElse(List.of());
    }

    /**
     * One service with {@code capability}, chosen at random among those in the current document. Throws
     * {@link ServiceNotFoundException} when there is no document or no such service.
     */
    public ServiceDescriptor getService(String capability) {
        PkiDocument doc = pkiDocument().orElseThrow(() -> new ServiceNotFoundException(
                "no PKI document yet, so no \"" + capability + "\" service is known; is the mixnet up?"));
        return doc.service(capability, ThreadLocalRandom.current()).orElseThrow(() -> new ServiceNotFoundException(
                "the PKI document of epoch " + doc.epoch() + " lists no \"" + capability + "\" service"));
    }

    /** A readable rendering of {@code doc}; the document is not changed. */
    public String prettyPrintPkiDoc(PkiDocument doc) {
        return PkiDocuments.prettyPrint(doc);
    }

    // ------------------------------------------------------------------ legacy messaging

    /** Sends {@code payload} without a SURB: no event or reply will ever come back, even on failure. */
    public void sendMessageWithoutReply(byte[] payload, Destination destination) {
        checkSend(payload, destination);
        session.sendOneWay(new Requests.SendMessage(null, false, null, destination.nodeIdHash(),
                destination.queueId(), payload));
    }

    public void sendMessageWithoutReply(String payload, Destination destination) {
        sendMessageWithoutReply(utf8(payload), destination);
    }

    /**
     * Sends {@code payload} with a SURB; the future completes with the reply (also published as a
     * {@link MessageReplyEvent}) or fails at the request timeout, or with {@link MessageSendFailedException}
     * when the daemon reports that sending failed.
     */
    public CompletableFuture<MessageReplyEvent> sendMessage(SurbId surbId, byte[] payload, Destination destination) {
        return sendMessage(surbId, payload, destination, config().requestTimeout());
    }

    public CompletableFuture<MessageReplyEvent> sendMessage(SurbId surbId, String payload, Destination destination) {
        return sendMessage(surbId, utf8(payload), destination);
    }

    public CompletableFuture<MessageReplyEvent> sendMessage(SurbId surbId, byte[] payload, Destination destination,
            Duration timeout) {
        Objects.requireNonNull(surbId, "surbId");
        checkSend(payload, destination);
        CompletableFuture<MessageReplyEvent> future = session.sendMessage(surbId, payload, destination, timeout);
        replyFutures.put(surbId, future);
        return future;
    }

    /** Sends with a fresh SURB and waits for the reply payload. Safe to call from many threads at once. */
    public byte[] blockingSendMessage(byte[] payload, Destination destination, Duration timeout) {
        return await(sendMessage(SurbId.random(), payload, destination, timeout)).payload();
    }

    public byte[] blockingSendMessage(String payload, Destination destination, Duration timeout) {
        return blockingSendMessage(utf8(payload), destination, timeout);
    }

    /**
     * Sends with client-side ARQ: retransmits with a fresh SURB when no reply arrives within the daemon's reply
     * ETA plus slack ({@link ReliableSendPolicy}); completes with the first reply, fails with
     * {@link RetriesExhaustedException} after the last retransmission. {@code messageId} goes out as the
     * message id of every transmission.
     */
    public CompletableFuture<MessageReplyEvent> sendReliableMessage(MessageId messageId, byte[] payload,
            Destination destination) {
        return sendReliableMessage(messageId, payload, destination, config().requestTimeout());
    }

    public CompletableFuture<MessageReplyEvent> sendReliableMessage(MessageId messageId, String payload,
            Destination destination) {
        return sendReliableMessage(messageId, utf8(payload), destination);
    }

    public CompletableFuture<MessageReplyEvent> sendReliableMessage(MessageId messageId, byte[] payload,
            Destination destination, Duration timeout) {
        Objects.requireNonNull(messageId, "messageId");
        checkSend(payload, destination);
        if (session.isClosed()) {
            return CompletableFuture.failedFuture(new ClientClosedException("client is closed"));
        }
        return new ReliableSend(session, messageId, payload, destination, config().reliableSendPolicy())
                .start(timeout);
    }

    /** The next message reply of any kind that arrives after this call, within the request timeout. */
    public MessageReplyEvent awaitMessageReply() {
        return awaitMessageReply(config().requestTimeout());
    }

    public MessageReplyEvent awaitMessageReply(Duration timeout) {
        try (EventSubscription<MessageReplyEvent> sub = subscribe(MessageReplyEvent.class, 1, OverflowPolicy.DROP_NEWEST)) {
            return sub.poll(timeout).orElseThrow(() ->
                    new RequestTimeoutException("no message reply arrived within " + timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ThinClientException("interrupted while waiting for a message reply", e);
        }
    }

    /** The reply to the message sent with {@code surbId} (which may already have arrived), within {@code timeout}. */
    public MessageReplyEvent awaitMessageReply(SurbId surbId, Duration timeout) {
        CompletableFuture<MessageReplyEvent> f = replyFutures.get(surbId);
        if (f == null) {
            throw new IllegalArgumentException("no message was sent with " + surbId + " (or it is long finished)");
        }
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new RequestTimeoutException("no reply for " + surbId + " within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ThinClientException("interrupted while waiting for a message reply", e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    // ------------------------------------------------------------------ helpers

    private void checkSend(byte[] payload, Destination destination) {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(destination, "destination");
        int max = maxMessagePayloadLength();
        if (max > 0 && payload.length > max) {
            throw new PayloadTooLargeException("payload of " + payload.length + " bytes exceeds the "
                    + max + "-byte user forward payload of this mixnet's Sphinx geometry");
        }
    }

    private static byte[] utf8(String s) {
        return Objects.requireNonNull(s, "payload").getBytes(StandardCharsets.UTF_8);
    }

    static void checkReply(String operation, int errorCode) {
        if (errorCode != 0) {
            throw new DaemonErrorException(operation, errorCode);
        }
    }

    /**
     * Waits for {@code future} (which always has a deadline of its own) and returns its value, rethrowing a
     * failure as the {@link ThinClientException} it carries.
     */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            throw new ThinClientException("interrupted while waiting", e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (CancellationException e) {
            throw new ThinClientException("the call was cancelled", e);
        }
    }

    static RuntimeException unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        return new ThinClientException(t.toString(), t);
    }
}
