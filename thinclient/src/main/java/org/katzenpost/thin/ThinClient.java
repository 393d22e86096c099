package org.katzenpost.thin;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.katzenpost.thin.event.EventSubscription;
import org.katzenpost.thin.event.ListenerRegistration;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.event.OverflowPolicy;
import org.katzenpost.thin.event.ThinClientEvent;
import org.katzenpost.thin.internal.session.ClientCalls;
import org.katzenpost.thin.internal.session.PigeonholeAccess;
import org.katzenpost.thin.internal.session.Session;
import org.katzenpost.thin.internal.session.SessionAccess;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
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
 *     byte[] reply = client.sync().sendMessage(client.newSurbId(), "hello".getBytes(UTF_8), echo,
 *     Duration.ofSeconds(60));
 * }
 * }</pre>
 *
 * <p>Every call that waits for the daemon has a deadline: the config's {@code requestTimeout} by default, or
 * the {@code Duration} passed (positive, else {@link IllegalArgumentException}). Calls to the daemon return a
 * {@link CompletableFuture} that fails with a {@link ThinClientException}; their dependent stages never run on the
 * socket reader thread. Cancelling a future forgets the request. {@link #sync()} has the same calls, blocking,
 * throwing the same exceptions; {@link #pigeonhole()} is the storage API over this connection (docs/api.md).
 * Thread-safe.
 */
public final class ThinClient implements AutoCloseable {
    private final Session session;
    private final ClientCalls calls;
    private final ThinClientSync sync = new ThinClientSync(this);
    private final RecentReplies recentReplies = new RecentReplies();
    /** Made at the first {@link #pigeonhole()}: a client that never stores anything loads none of its classes. */
    private final AtomicReference<PigeonholeClient> pigeonhole = new AtomicReference<>();

    private ThinClient(ThinClientConfig config) {
        this.session = new Session(Objects.requireNonNull(config, "config"));
        this.calls = new ClientCalls(session);
        config.addListenersTo(this); // before the first connection, so they see its events
    }

    /**
     * A client that is not connected yet; call {@link #start()}. Listeners added now see the handshake.
     *
     * @param config the settings
     * @return the client, not connected; close it when done
     * @throws NullPointerException if {@code config} is null
     */
    public static ThinClient create(ThinClientConfig config) {
        return new ThinClient(config);
    }

    /**
     * {@link #create(ThinClientConfig) Creates} a client and {@link #start() starts} it: returns once the whole
     * handshake is done.
     *
     * @param config the settings
     * @return the connected client; close it when done
     * @throws NullPointerException if {@code config} is null
     * @throws ThinClientException what {@link #start()} throws, after closing the client
     */
    public static ThinClient connect(ThinClientConfig config) {
        ThinClient client = new ThinClient(config);
        client.session.startOrClose();
        return client;
    }

    /**
     * Connects and completes the handshake (connection status with both geometries, the PKI document event,
     * and the session token exchange). Calling it again once started does nothing.
     *
     * @throws DaemonConnectionException if the daemon cannot be reached
     * @throws ProtocolViolationException if the daemon deviates from the protocol
     * @throws RequestTimeoutException if the handshake does not finish within
     *     {@link ThinClientConfig#handshakeTimeout()}
     * @throws ClientClosedException if the client is closed
     */
    public void start() {
        session.start();
    }

    /**
     * The original API's {@code stop()}: {@link #close()}.
     *
     * @deprecated use {@link #close()}
     */
    @Deprecated(forRemoval = false)
    public void stop() {
        close();
    }

    /**
     * Sends {@code thin_close} (the daemon drops this session and its in-flight work at once), fails every pending
     * call with {@link ClientClosedException} and returns once none of the client's work runs any more (its reader,
     * completions and listeners run on threads that every client of the JVM shares, which end when idle:
     * docs/reliability.md, "Bounded writes"). Returns within {@link ThinClientConfig#closeTimeout()} plus the time
     * running listeners take to return, even when the daemon does not read: {@code thin_close} is then not written,
     * and the daemon keeps the session for its grace period as after {@link #disconnect()}. Called from a listener
     * or a future's callback, it waits for the others but not for the caller, and does not interrupt it.
     */
    @Override
    public void close() {
        session.close();
    }

    /**
     * Leaves without {@code thin_close}: closes the connection, fails every pending call with
     * {@link ClientClosedException} and ends the client's work as {@link #close()} does, but kpclientd keeps the
     * session (its in-flight work and the replies that arrive meanwhile) for its grace period
     * ({@code SessionGracePeriod}, 10 minutes by default). A new client, in this process or another, resumes it
     * with {@link ThinClientConfig.Builder#resumeSession(SessionToken)} and {@link #sessionToken()}, and receives
     * the replies the daemon kept. This client cannot be used again.
     */
    public void disconnect() {
        session.disconnect();
    }

    /**
     * {@return the token presented in every handshake of this client} It identifies the session to the daemon, to
     * resume it from another client after {@link #disconnect()} (a secret, see {@link SessionToken}).
     */
    public SessionToken sessionToken() {
        return SessionToken.of(session.sessionToken());
    }

    // ------------------------------------------------------------------ state

    /**
     * {@return where the connection stands now} Derived from the socket to kpclientd and kpclientd's link to the
     * mixnet; it may change right after the call.
     */
    public ConnectionState connectionState() {
        return calls.connectionState();
    }

    /**
     * {@return whether kpclientd reports a live link to the mixnet (the original API's "connected")} False in
     * offline mode, before the handshake, and while the socket to kpclientd is down.
     */
    public boolean isMixnetConnected() {
        return session.isMixnetConnected();
    }

    /**
     * {@return {@link #isMixnetConnected()}, under the original API's name}
     *
     * @deprecated use {@link #isMixnetConnected()}, or {@link #connectionState()} for the whole picture
     */
    @Deprecated(forRemoval = false)
    public boolean isConnected() {
        return isMixnetConnected();
    }

    /** {@return whether the socket to kpclientd is up} The mixnet itself may still be offline. */
    public boolean isDaemonConnected() {
        return session.isDaemonConnected();
    }

    /**
     * {@return whether the daemon resumed our previous session in the last handshake} False for a new session and
     * before the first handshake (docs/protocol.md#resume).
     */
    public boolean isSessionResumed() {
        return session.lastSessionResumed();
    }

    /** {@return the Sphinx geometry the daemon announced in the handshake, or null before the first one} */
    public SphinxGeometry sphinxGeometry() {
        return session.sphinxGeometry();
    }

    /** {@return the Pigeonhole geometry the daemon announced in the handshake, or null before the first one} */
    public PigeonholeGeometry pigeonholeGeometry() {
        return session.pigeonholeGeometry();
    }

    /**
     * {@return the largest payload {@link #sendMessage} accepts, in bytes, or 0 while no Sphinx geometry is known}
     * It is the geometry's user forward payload length (docs/protocol.md#sizes).
     */
    public int maxMessagePayloadLength() {
        return calls.maxMessagePayloadLength();
    }

    /**
     * {@return an immutable snapshot of this client's statistics since it was created} Calls in flight, calls
     * completed and failed per {@link RequestKind} and per cause, latency histograms per kind, reconnects, malformed
     * frames and the events each listener and subscription dropped. Recording costs about 70 ns of CPU per call
     * (docs/performance.md, "Metrics overhead"); a snapshot about 10 µs with every kind in use. A call is counted
     * before its future completes. See docs/metrics.md.
     */
    public ClientStatistics statistics() {
        return session.statistics();
    }

    /** {@return the settings this client was created with} */
    public ThinClientConfig config() {
        return session.config();
    }

    static {
        SessionAccess.register(c -> c.session);
    }

    // ------------------------------------------------------------------ events

    /**
     * Adds a listener for events of {@code type} (use {@link ThinClientEvent} for all), with the config's queue
     * ({@link ThinClientConfig#eventQueueCapacity()}, {@link ThinClientConfig#listenerOverflowPolicy()}). The
     * listener runs on a callback thread (never the reader), one event at a time and in order; an exception it
     * throws is logged and the event counts as handled.
     *
     * @param <E> the event type
     * @param type the class of the events (subtypes included)
     * @param listener the listener
     * @return the registration; close it to remove the listener
     * @throws NullPointerException if {@code type} or {@code listener} is null
     */
    public <E extends ThinClientEvent> ListenerRegistration addListener(Class<E> type, Consumer<? super E> listener) {
        return session.bus().addListener(type, listener, config().eventQueueCapacity(),
                config().listenerOverflowPolicy());
    }

    /**
     * A pull subscription with the config's queue bound ({@link ThinClientConfig#eventQueueCapacity()}) and
     * {@link OverflowPolicy#DROP_OLDEST}.
     *
     * @param <E> the event type
     * @param type the class of the events (subtypes included; {@link ThinClientEvent} for all)
     * @return the subscription; close it when done so the client stops queueing for it
     * @throws NullPointerException if {@code type} is null
     */
    public <E extends ThinClientEvent> EventSubscription<E> subscribe(Class<E> type) {
        return subscribe(type, config().eventQueueCapacity(), OverflowPolicy.DROP_OLDEST);
    }

    /**
     * A pull subscription with its own queue bound and overflow policy. The client's reader thread never waits
     * for it: a full queue applies {@code policy}.
     *
     * @param <E> the event type
     * @param type the class of the events (subtypes included; {@link ThinClientEvent} for all)
     * @param capacity the queue bound in events, at least 1
     * @param policy what a full queue does with the next event
     * @return the subscription; close it when done so the client stops queueing for it
     * @throws IllegalArgumentException if {@code capacity} is below 1
     * @throws NullPointerException if {@code type} or {@code policy} is null
     */
    public <E extends ThinClientEvent> EventSubscription<E> subscribe(Class<E> type, int capacity,
            OverflowPolicy policy) {
        return session.bus().subscribe(type, capacity, policy);
    }

    // ------------------------------------------------------------------ ids

    /** {@return a fresh random message id, for {@code sendReliableMessage}} */
    public MessageId newMessageId() {
        return MessageId.random();
    }

    /** {@return a fresh random SURB id, for {@code sendMessage}} The reply comes back under it. */
    public SurbId newSurbId() {
        return SurbId.random();
    }

    /**
     * {@return a fresh random query id} The library gives every daemon call its own, so applications need none; this
     * is the Go and Python clients' {@code new_query_id}, kept for code ported from them.
     */
    public QueryId newQueryId() {
        return QueryId.random();
    }

    // ------------------------------------------------------------------ PKI

    /**
     * {@return the latest PKI document the daemon sent, or null before the first one} The daemon may start without
     * one; {@code sync().awaitPkiDocument(timeout)} waits for it.
     */
    public PkiDocument pkiDocument() {
        return session.currentDocument().orElse(null);
    }

    /**
     * {@return {@link #fetchPkiDocument(long, Duration)} with the config's request timeout}
     *
     * @param epoch the epoch; 0 for the daemon's current one
     * @throws IllegalArgumentException when {@code epoch} is negative
     */
    public CompletableFuture<PkiDocument> fetchPkiDocument(long epoch) {
        return fetchPkiDocument(epoch, config().requestTimeout());
    }

    /**
     * The PKI document of {@code epoch}, from the client's cache or fetched with {@code get_pki_document}.
     *
     * @param epoch the epoch; 0 for the daemon's current one
     * @param timeout the deadline, positive
     * @return a future of the document; it fails with {@link DaemonErrorException} when the daemon has no
     *     document for the epoch, {@link RequestTimeoutException} at the deadline
     * @throws IllegalArgumentException when {@code epoch} is negative or {@code timeout} is not positive
     */
    public CompletableFuture<PkiDocument> fetchPkiDocument(long epoch, Duration timeout) {
        return calls.fetchPkiDocument(epoch, timeout);
    }

    /**
     * {@return {@link #fetchSignedPkiDocument(long, Duration)} with the config's request timeout}
     *
     * @param epoch the epoch; 0 for the daemon's current one
     * @throws IllegalArgumentException when {@code epoch} is negative
     */
    public CompletableFuture<SignedPkiDocument> fetchSignedPkiDocument(long epoch) {
        return fetchSignedPkiDocument(epoch, config().requestTimeout());
    }

    /**
     * The signed, certificate-wrapped consensus of {@code epoch} exactly as the daemon holds it.
     *
     * @param epoch the epoch; 0 for the daemon's current one
     * @param timeout the deadline, positive
     * @return a future of the signed document; it fails with {@link DaemonErrorException} when the daemon has
     *     no document for the epoch, {@link RequestTimeoutException} at the deadline
     * @throws IllegalArgumentException when {@code epoch} is negative or {@code timeout} is not positive
     */
    public CompletableFuture<SignedPkiDocument> fetchSignedPkiDocument(long epoch, Duration timeout) {
        return calls.fetchSignedPkiDocument(epoch, timeout);
    }

    /** {@return {@link #fetchDirectoryAuthorities(Duration)} with the config's request timeout} */
    public CompletableFuture<List<DirectoryAuthority>> fetchDirectoryAuthorities() {
        return fetchDirectoryAuthorities(config().requestTimeout());
    }

    /**
     * The directory authorities kpclientd is configured with.
     *
     * @param timeout the deadline, positive
     * @return a future of the authorities (immutable); it fails with {@link RequestTimeoutException} at the deadline
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public CompletableFuture<List<DirectoryAuthority>> fetchDirectoryAuthorities(Duration timeout) {
        return calls.fetchDirectoryAuthorities(timeout);
    }

    /**
     * Every service with {@code capability} in the current PKI document.
     *
     * @param capability the service's capability name, e.g. {@code "echo"}
     * @return the services, empty when there is no such service or no document yet
     */
    public List<ServiceDescriptor> getServices(String capability) {
        return calls.services(capability);
    }

    /**
     * {@return one service with {@code capability}, chosen at random among those in the current document}
     *
     * @param capability the service's capability name, e.g. {@code "echo"}
     * @throws ServiceNotFoundException when there is no document yet or it lists no such service
     */
    public ServiceDescriptor getService(String capability) {
        return calls.service(capability);
    }

    /**
     * {@return a readable rendering of {@code doc} in several lines of text (the original API's
     * {@code pretty_print_pki_doc})} The document is not changed.
     *
     * @param doc the document, e.g. {@link #pkiDocument()}
     */
    public String prettyPrintPkiDoc(PkiDocument doc) {
        return PkiDocuments.prettyPrint(doc);
    }

    // ------------------------------------------------------------------ messaging (the original API)

    /**
     * Sends {@code payload} without a SURB: no event or reply will ever come back, even on failure. Returns once the
     * frame is queued; a write that fails later shows as a {@link org.katzenpost.thin.event.DaemonDisconnectedEvent}.
     *
     * @param payload the message, at most {@link #maxMessagePayloadLength()} bytes
     * @param destination the service to send to
     * @throws PayloadTooLargeException when the payload exceeds the geometry's limit
     * @throws DaemonConnectionException when the client is not connected to kpclientd
     * @throws ClientClosedException when the client is closed
     */
    public void sendMessageWithoutReply(byte[] payload, Destination destination) {
        calls.sendMessageWithoutReply(payload, destination);
    }

    /**
     * {@return {@link #sendMessage(SurbId, byte[], Destination, Duration)} with the config's request timeout}
     *
     * @param surbId a fresh SURB id ({@link #newSurbId()}) that names the reply
     * @param payload the message, at most {@link #maxMessagePayloadLength()} bytes
     * @param destination the service to send to
     * @throws PayloadTooLargeException when the payload exceeds the geometry's limit
     * @throws IllegalArgumentException when {@code surbId} is already waiting for a reply
     */
    public CompletableFuture<MessageReplyEvent> sendMessage(SurbId surbId, byte[] payload, Destination destination) {
        return sendMessage(surbId, payload, destination, config().requestTimeout());
    }

    /**
     * Sends {@code payload} with a SURB; the reply is also published as a {@link MessageReplyEvent}.
     *
     * @param surbId a fresh SURB id ({@link #newSurbId()}) that names the reply
     * @param payload the message, at most {@link #maxMessagePayloadLength()} bytes
     * @param destination the service to send to
     * @param timeout the deadline for the reply, positive
     * @return a future of the reply; it fails with {@link RequestTimeoutException} at the deadline,
     *     {@link MessageSendFailedException} when the daemon reports that sending failed,
     *     {@link OfflineException} or {@link DaemonConnectionException} when there is no way to the mixnet
     * @throws PayloadTooLargeException when the payload exceeds the geometry's limit
     * @throws IllegalArgumentException when {@code surbId} is already waiting for a reply or {@code timeout} is
     *     not positive
     */
    public CompletableFuture<MessageReplyEvent> sendMessage(SurbId surbId, byte[] payload, Destination destination,
            Duration timeout) {
        CompletableFuture<MessageReplyEvent> reply = calls.sendMessage(surbId, payload, destination, timeout);
        recentReplies.put(surbId, reply);
        return reply;
    }

    /** {@return the reply future of a recent {@link #sendMessage} with {@code surbId}, or null} */
    CompletableFuture<MessageReplyEvent> recentReply(SurbId surbId) {
        return recentReplies.get(surbId);
    }

    /**
     * {@return {@link #sendReliableMessage(MessageId, byte[], Destination, Duration)} with the config's request
     * timeout}
     *
     * @param messageId the id every transmission carries ({@link #newMessageId()})
     * @param payload the message, at most {@link #maxMessagePayloadLength()} bytes
     * @param destination the service to send to
     * @throws PayloadTooLargeException when the payload exceeds the geometry's limit
     */
    public CompletableFuture<MessageReplyEvent> sendReliableMessage(MessageId messageId, byte[] payload,
            Destination destination) {
        return sendReliableMessage(messageId, payload, destination, config().requestTimeout());
    }

    /**
     * Sends with client-side ARQ: retransmits with a fresh SURB when no reply arrives within the daemon's reply
     * ETA plus slack ({@link ReliableSendPolicy}).
     *
     * @param messageId the id every transmission carries ({@link #newMessageId()})
     * @param payload the message, at most {@link #maxMessagePayloadLength()} bytes
     * @param destination the service to send to
     * @param timeout the deadline for the whole exchange, positive
     * @return a future of the first reply; it fails with {@link RetriesExhaustedException} after the last
     *     retransmission, {@link RequestTimeoutException} at the deadline, {@link ClientClosedException} when the
     *     client is closed
     * @throws PayloadTooLargeException when the payload exceeds the geometry's limit
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public CompletableFuture<MessageReplyEvent> sendReliableMessage(MessageId messageId, byte[] payload,
            Destination destination, Duration timeout) {
        return calls.sendReliableMessage(messageId, payload, destination, timeout);
    }

    /**
     * {@return the reply: the original API's {@link ThinClientSync#awaitMessageReply()}}
     *
     * @throws RequestTimeoutException when none arrives within the request timeout
     * @deprecated use {@code sync().awaitMessageReply()}
     */
    @Deprecated(forRemoval = false)
    public MessageReplyEvent awaitMessageReply() {
        return sync.awaitMessageReply();
    }

    /**
     * {@return the reply: the original API's {@link ThinClientSync#awaitMessageReply(Duration)}}
     *
     * @param timeout how long to wait, positive
     * @throws RequestTimeoutException when none arrives in time
     * @deprecated use {@code sync().awaitMessageReply(timeout)}
     */
    @Deprecated(forRemoval = false)
    public MessageReplyEvent awaitMessageReply(Duration timeout) {
        return sync.awaitMessageReply(timeout);
    }

    /**
     * {@return the reply: the original API's {@link ThinClientSync#awaitMessageReply(SurbId, Duration)}}
     *
     * @param surbId the SURB id the message was sent with
     * @param timeout how long to wait, positive
     * @throws RequestTimeoutException when it does not arrive in time
     * @deprecated use {@code sync().awaitMessageReply(surbId, timeout)}
     */
    @Deprecated(forRemoval = false)
    public MessageReplyEvent awaitMessageReply(SurbId surbId, Duration timeout) {
        return sync.awaitMessageReply(surbId, timeout);
    }

    // ------------------------------------------------------------------ views

    /** {@return the one blocking view of this client} The same calls, waiting for their result. */
    public ThinClientSync sync() {
        return sync;
    }

    /**
     * {@return the default Pigeonhole view of this client (its {@link PigeonholeClient#sync()} blocks)} It is the
     * Pigeonhole storage API over this connection, whose calls have the config's request timeout as deadline;
     * {@link PigeonholeClient#withTimeout} makes views with another one.
     */
    public PigeonholeClient pigeonhole() {
        PigeonholeClient p = pigeonhole.get();
        if (p == null) {
            // two threads may both make one: a view holds nothing but its timeout, and only the first is kept
            p = PigeonholeAccess.create(this);
            if (!pigeonhole.compareAndSet(null, p)) {
                p = pigeonhole.get();
            }
        }
        return p;
    }
}
