package org.katzenpost.thin.internal.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.katzenpost.thin.ClientClosedException;
import org.katzenpost.thin.ConnectionState;
import org.katzenpost.thin.DaemonErrorException;
import org.katzenpost.thin.Destination;
import org.katzenpost.thin.MessageId;
import org.katzenpost.thin.PayloadTooLargeException;
import org.katzenpost.thin.ProtocolViolationException;
import org.katzenpost.thin.QueryId;
import org.katzenpost.thin.ServiceNotFoundException;
import org.katzenpost.thin.SphinxGeometry;
import org.katzenpost.thin.SurbId;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.Durations;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.pki.DirectoryAuthority;
import org.katzenpost.thin.pki.PkiDocument;
import org.katzenpost.thin.pki.ServiceDescriptor;
import org.katzenpost.thin.pki.SignedPkiDocument;

/**
 * The work behind {@code ThinClient}'s own calls over its {@link Session}: the connection state, the PKI lookups
 * and fetches, and the checks and requests of the original API's message sends. {@code ThinClient} keeps the
 * public signatures, their documentation and their argument checks that need no session.
 */
public final class ClientCalls {
    private final Session session;

    /**
     * The calls over {@code session}.
     *
     * @param session the client's session
     */
    public ClientCalls(Session session) {
        this.session = Objects.requireNonNull(session, "session");
    }

    /**
     * Derived from the socket to kpclientd and kpclientd's link to the mixnet.
     *
     * @return the state now
     */
    public ConnectionState connectionState() {
        if (session.isClosed() || session.isGoneForGood()) {
            return ConnectionState.CLOSED; // gone for good: with reconnection off nothing will reconnect
        }
        if (session.isDaemonConnected()) {
            return session.isMixnetConnected() ? ConnectionState.CONNECTED : ConnectionState.MIXNET_DOWN;
        }
        // the geometries arrive in the first handshake: without them the client has never been connected
        return session.sphinxGeometry() == null ? ConnectionState.CONNECTING : ConnectionState.RECONNECTING;
    }

    /**
     * The geometry's user forward payload length.
     *
     * @return the length in bytes, or 0 while no Sphinx geometry is known
     */
    public int maxMessagePayloadLength() {
        SphinxGeometry g = session.sphinxGeometry();
        return g == null ? 0 : g.userForwardPayloadLength();
    }

    /**
     * The document of {@code epoch} from the cache, else fetched, parsed and cached.
     *
     * @param epoch the epoch, 0 for the daemon's current one
     * @param timeout the deadline, positive
     * @return a future of the document
     */
    public CompletableFuture<PkiDocument> fetchPkiDocument(long epoch, Duration timeout) {
        if (epoch != 0) {
            Optional<PkiDocument> cached = session.cachedDocument(epoch);
            if (cached.isPresent()) {
                Durations.requirePositive(timeout, "timeout");
                return CompletableFuture.completedFuture(cached.get());
            }
        }
        return fetchSignedPkiDocument(epoch, timeout).thenApply(signed -> {
            PkiDocument doc = signed.document();
            session.cachePkiDocument(doc);
            return doc;
        });
    }

    /**
     * {@code get_pki_document}, reissued after a reconnect.
     *
     * @param epoch the epoch, 0 for the daemon's current one
     * @param timeout the deadline, positive
     * @return a future of the signed document
     */
    public CompletableFuture<SignedPkiDocument> fetchSignedPkiDocument(long epoch, Duration timeout) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative");
        }
        Durations.requirePositive(timeout, "timeout");
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

    /**
     * {@code get_directory_authorities}, reissued after a reconnect.
     *
     * @param timeout the deadline, positive
     * @return a future of the authorities (immutable)
     */
    public CompletableFuture<List<DirectoryAuthority>> fetchDirectoryAuthorities(Duration timeout) {
        Durations.requirePositive(timeout, "timeout");
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

    /**
     * Every service with {@code capability} in the current document.
     *
     * @param capability the capability name
     * @return the services, empty when there is no such service or no document yet
     */
    public List<ServiceDescriptor> services(String capability) {
        PkiDocument doc = session.currentDocument().orElse(null);
        return doc == null ? List.of() : doc.services(capability);
    }

    /**
     * One service with {@code capability} in the current document, chosen at random.
     *
     * @param capability the capability name
     * @return the service
     * @throws ServiceNotFoundException when there is no document yet or it lists no such service
     */
    public ServiceDescriptor service(String capability) {
        PkiDocument doc = session.currentDocument().orElse(null);
        if (doc == null) {
            throw new ServiceNotFoundException(
                    "no PKI document yet, so no \"" + capability + "\" service is known; is the mixnet up?");
        }
        return doc.service(capability, ThreadLocalRandom.current()).orElseThrow(() -> new ServiceNotFoundException(
                "the PKI document of epoch " + doc.epoch() + " lists no \"" + capability + "\" service"));
    }

    /**
     * {@code send_message} without a SURB.
     *
     * @param payload the message
     * @param destination the service
     */
    public void sendMessageWithoutReply(byte[] payload, Destination destination) {
        checkSend(payload, destination);
        session.sendOneWay(new Requests.SendMessage(null, false, null, destination.nodeIdHash(),
                destination.queueId(), payload));
    }

    /**
     * {@code send_message} with the SURB {@code surbId}.
     *
     * @param surbId the SURB id
     * @param payload the message
     * @param destination the service
     * @param timeout the deadline for the reply, positive
     * @return a future of the reply
     */
    public CompletableFuture<MessageReplyEvent> sendMessage(SurbId surbId, byte[] payload, Destination destination,
            Duration timeout) {
        Objects.requireNonNull(surbId, "surbId");
        checkSend(payload, destination);
        Durations.requirePositive(timeout, "timeout");
        return session.sendMessage(surbId, payload, destination, timeout);
    }

    /**
     * Client-side ARQ ({@link ReliableSend}) with the config's policy.
     *
     * @param messageId the id every transmission carries
     * @param payload the message
     * @param destination the service
     * @param timeout the deadline for the whole exchange, positive
     * @return a future of the first reply
     */
    public CompletableFuture<MessageReplyEvent> sendReliableMessage(MessageId messageId, byte[] payload,
            Destination destination, Duration timeout) {
        Objects.requireNonNull(messageId, "messageId");
        checkSend(payload, destination);
        Durations.requirePositive(timeout, "timeout");
        if (session.isClosed()) {
            return CompletableFuture.failedFuture(new ClientClosedException("client is closed"));
        }
        return new ReliableSend(session, messageId, payload, destination, session.config().reliableSendPolicy())
                .start(timeout);
    }

    private void checkSend(byte[] payload, Destination destination) {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(destination, "destination");
        int max = maxMessagePayloadLength();
        if (max > 0 && payload.length > max) {
            throw new PayloadTooLargeException("payload of " + payload.length + " bytes exceeds the "
                    + max + "-byte user forward payload of this mixnet's Sphinx geometry");
        }
    }

    private static void checkReply(String operation, int errorCode) {
        if (errorCode != 0) {
            throw new DaemonErrorException(operation, errorCode);
        }
    }
}
