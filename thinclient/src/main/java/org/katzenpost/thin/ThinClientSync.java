package org.katzenpost.thin;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.katzenpost.thin.event.EventSubscription;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.event.NewPkiDocumentEvent;
import org.katzenpost.thin.event.OverflowPolicy;
import org.katzenpost.thin.internal.Futures;
import org.katzenpost.thin.pki.DirectoryAuthority;
import org.katzenpost.thin.pki.PkiDocument;
import org.katzenpost.thin.pki.SignedPkiDocument;

/**
 * The blocking view of a {@link ThinClient}, from {@link ThinClient#sync()}: the client's daemon calls under the
 * same names and with the same parameters, returning the value instead of a future (docs/api.md, "Asynchronous
 * first, one blocking view"). One difference: {@code sendMessage} and {@code sendReliableMessage} return the reply's
 * payload, not the {@link MessageReplyEvent} their futures complete with, whose other fields on success are only
 * the ids of the exchange (the message id passed, the SURB the reply came on); a failed reply is thrown. Each call
 * waits at most for its deadline (the {@code Duration} passed, else the config's request timeout) and throws the
 * {@link ThinClientException} the future would fail with, never {@link ExecutionException}. An interrupt cancels the
 * call and throws {@link ThinClientException} with the thread's interrupt flag set. Thread-safe.
 *
 * <pre>{@code
 * ThinClientSync sync = client.sync();
 * byte[] reply = sync.sendMessage(client.newSurbId(), payload, client.getService("echo").toDestination());
 * }</pre>
 */
public final class ThinClientSync {
    private final ThinClient client;

    ThinClientSync(ThinClient client) {
        this.client = client;
    }

    /**
     * The asynchronous client this view belongs to.
     *
     * @return the client
     */
    public ThinClient async() {
        return client;
    }

    // ------------------------------------------------------------------ PKI

    /**
     * Blocking {@link ThinClient#fetchPkiDocument(long)}.
     *
     * @param epoch the epoch; 0 for the daemon's current one
     * @return the document
     * @throws DaemonErrorException when the daemon has no document for the epoch
     * @throws RequestTimeoutException at the request timeout
     * @throws IllegalArgumentException when {@code epoch} is negative
     */
    public PkiDocument fetchPkiDocument(long epoch) {
        return Futures.await(client.fetchPkiDocument(epoch)); // not awaitCall: the reply is parsed, which must not hold up the reader
    }

    /**
     * Blocking {@link ThinClient#fetchPkiDocument(long, Duration)}.
     *
     * @param epoch the epoch; 0 for the daemon's current one
     * @param timeout the deadline, positive
     * @return the document
     * @throws DaemonErrorException when the daemon has no document for the epoch
     * @throws RequestTimeoutException at the deadline
     * @throws IllegalArgumentException when {@code epoch} is negative or {@code timeout} is not positive
     */
    public PkiDocument fetchPkiDocument(long epoch, Duration timeout) {
        return Futures.await(client.fetchPkiDocument(epoch, timeout)); // not awaitCall: the reply is parsed, which must not hold up the reader
    }

    /**
     * Blocking {@link ThinClient#fetchSignedPkiDocument(long)}.
     *
     * @param epoch the epoch; 0 for the daemon's current one
     * @return the signed document
     * @throws DaemonErrorException when the daemon has no document for the epoch
     * @throws RequestTimeoutException at the request timeout
     * @throws IllegalArgumentException when {@code epoch} is negative
     */
    public SignedPkiDocument fetchSignedPkiDocument(long epoch) {
        return Futures.await(client.fetchSignedPkiDocument(epoch)); // not awaitCall: the reply is parsed, which must not hold up the reader
    }

    /**
     * Blocking {@link ThinClient#fetchSignedPkiDocument(long, Duration)}.
     *
     * @param epoch the epoch; 0 for the daemon's current one
     * @param timeout the deadline, positive
     * @return the signed document
     * @throws DaemonErrorException when the daemon has no document for the epoch
     * @throws RequestTimeoutException at the deadline
     * @throws IllegalArgumentException when {@code epoch} is negative or {@code timeout} is not positive
     */
    public SignedPkiDocument fetchSignedPkiDocument(long epoch, Duration timeout) {
        return Futures.await(client.fetchSignedPkiDocument(epoch, timeout)); // not awaitCall: the reply is parsed, which must not hold up the reader
    }

    /**
     * Blocking {@link ThinClient#fetchDirectoryAuthorities()}.
     *
     * @return the authorities kpclientd is configured with (immutable)
     * @throws RequestTimeoutException at the request timeout
     */
    public List<DirectoryAuthority> fetchDirectoryAuthorities() {
        return Futures.awaitCall(() -> client.fetchDirectoryAuthorities());
    }

    /**
     * Blocking {@link ThinClient#fetchDirectoryAuthorities(Duration)}.
     *
     * @param timeout the deadline, positive
     * @return the authorities kpclientd is configured with (immutable)
     * @throws RequestTimeoutException at the deadline
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public List<DirectoryAuthority> fetchDirectoryAuthorities(Duration timeout) {
        return Futures.awaitCall(() -> client.fetchDirectoryAuthorities(timeout));
    }

    /**
     * Waits until the daemon has sent a PKI document (it may start without one), or returns the current one.
     *
     * @param timeout how long to wait, positive
     * @return the current document
     * @throws RequestTimeoutException when no document arrives in time
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public PkiDocument awaitPkiDocument(Duration timeout) {
        Durations.requirePositive(timeout, "timeout");
        PkiDocument now = client.pkiDocument();
        if (now != null) {
            return now;
        }
        try (EventSubscription<NewPkiDocumentEvent> sub =
                client.subscribe(NewPkiDocumentEvent.class, 4, OverflowPolicy.DROP_OLDEST)) {
            now = client.pkiDocument(); // it may have arrived before we subscribed
            if (now != null) {
                return now;
            }
            return sub.poll(timeout).map(NewPkiDocumentEvent::document).orElseThrow(() ->
                    new RequestTimeoutException("kpclientd sent no PKI document within " + timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ThinClientException("interrupted while waiting for a PKI document", e);
        }
    }

    // ------------------------------------------------------------------ messaging

    /**
     * {@link ThinClient#sendMessageWithoutReply(byte[], Destination)}, which does not wait: here for the
     * symmetry of the two views.
     *
     * @param payload the message, at most {@link ThinClient#maxMessagePayloadLength()} bytes
     * @param destination the service to send to
     * @throws PayloadTooLargeException when the payload exceeds the geometry's limit
     * @throws DaemonConnectionException when the client is not connected to kpclientd
     * @throws ClientClosedException when the client is closed
     */
    public void sendMessageWithoutReply(byte[] payload, Destination destination) {
        client.sendMessageWithoutReply(payload, destination);
    }

    /**
     * Blocking {@link ThinClient#sendMessage(SurbId, byte[], Destination)}: waits for the reply, at most the
     * request timeout. Safe to call from many threads at once.
     *
     * @param surbId a fresh SURB id ({@link ThinClient#newSurbId()})
     * @param payload the message, at most {@link ThinClient#maxMessagePayloadLength()} bytes
     * @param destination the service to send to
     * @return the reply's payload
     * @throws RequestTimeoutException when no reply arrives in time
     * @throws MessageSendFailedException when the daemon reports that sending failed
     * @throws OfflineException when kpclientd has no link to the mixnet
     * @throws PayloadTooLargeException when the payload exceeds the geometry's limit
     * @throws IllegalArgumentException when {@code surbId} is already waiting for a reply
     */
    public byte[] sendMessage(SurbId surbId, byte[] payload, Destination destination) {
        return Futures.awaitCall(() -> client.sendMessage(surbId, payload, destination)).payload();
    }

    /**
     * Blocking {@link ThinClient#sendMessage(SurbId, byte[], Destination, Duration)}: waits for the reply.
     *
     * @param surbId a fresh SURB id ({@link ThinClient#newSurbId()})
     * @param payload the message, at most {@link ThinClient#maxMessagePayloadLength()} bytes
     * @param destination the service to send to
     * @param timeout the deadline for the reply, positive
     * @return the reply's payload
     * @throws RequestTimeoutException when no reply arrives in time
     * @throws MessageSendFailedException when the daemon reports that sending failed
     * @throws OfflineException when kpclientd has no link to the mixnet
     * @throws PayloadTooLargeException when the payload exceeds the geometry's limit
     * @throws IllegalArgumentException when {@code surbId} is already waiting for a reply or {@code timeout} is
     *     not positive
     */
    public byte[] sendMessage(SurbId surbId, byte[] payload, Destination destination, Duration timeout) {
        return Futures.awaitCall(() -> client.sendMessage(surbId, payload, destination, timeout)).payload();
    }

    /**
     * Blocking {@link ThinClient#sendReliableMessage(MessageId, byte[], Destination)}: waits for the first
     * reply, at most the request timeout.
     *
     * @param messageId the id every transmission carries ({@link ThinClient#newMessageId()})
     * @param payload the message, at most {@link ThinClient#maxMessagePayloadLength()} bytes
     * @param destination the service to send to
     * @return the reply's payload
     * @throws RetriesExhaustedException after the last retransmission
     * @throws RequestTimeoutException at the request timeout
     * @throws PayloadTooLargeException when the payload exceeds the geometry's limit
     */
    public byte[] sendReliableMessage(MessageId messageId, byte[] payload, Destination destination) {
        return Futures.awaitCall(() -> client.sendReliableMessage(messageId, payload, destination)).payload();
    }

    /**
     * Blocking {@link ThinClient#sendReliableMessage(MessageId, byte[], Destination, Duration)}: waits for the
     * first reply.
     *
     * @param messageId the id every transmission carries ({@link ThinClient#newMessageId()})
     * @param payload the message, at most {@link ThinClient#maxMessagePayloadLength()} bytes
     * @param destination the service to send to
     * @param timeout the deadline for the whole exchange, positive
     * @return the reply's payload
     * @throws RetriesExhaustedException after the last retransmission
     * @throws RequestTimeoutException at the deadline
     * @throws PayloadTooLargeException when the payload exceeds the geometry's limit
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public byte[] sendReliableMessage(MessageId messageId, byte[] payload, Destination destination,
            Duration timeout) {
        return Futures.awaitCall(() -> client.sendReliableMessage(messageId, payload, destination, timeout)).payload();
    }

    /**
     * The original API's {@code await_message_reply}: the next message reply of any kind that arrives after this
     * call, within the config's request timeout.
     *
     * @return the reply
     * @throws RequestTimeoutException when none arrives in time
     */
    public MessageReplyEvent awaitMessageReply() {
        return awaitMessageReply(client.config().requestTimeout());
    }

    /**
     * The next message reply of any kind that arrives after this call.
     *
     * @param timeout how long to wait, positive
     * @return the reply
     * @throws RequestTimeoutException when none arrives in time
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public MessageReplyEvent awaitMessageReply(Duration timeout) {
        Durations.requirePositive(timeout, "timeout");
        try (EventSubscription<MessageReplyEvent> sub =
                client.subscribe(MessageReplyEvent.class, 1, OverflowPolicy.DROP_NEWEST)) {
            return sub.poll(timeout).orElseThrow(() ->
                    new RequestTimeoutException("no message reply arrived within " + timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ThinClientException("interrupted while waiting for a message reply", e);
        }
    }

    /**
     * The reply to the message sent with {@code surbId} by {@link ThinClient#sendMessage}, which may already
     * have arrived (the client remembers the latest 1,024 sends).
     *
     * @param surbId the SURB id the message was sent with
     * @param timeout how long to wait, positive
     * @return the reply
     * @throws RequestTimeoutException when it does not arrive in time
     * @throws IllegalArgumentException when no recent message was sent with {@code surbId}, or {@code timeout}
     *     is not positive
     */
    public MessageReplyEvent awaitMessageReply(SurbId surbId, Duration timeout) {
        Objects.requireNonNull(surbId, "surbId");
        Durations.requirePositive(timeout, "timeout");
        CompletableFuture<MessageReplyEvent> f = client.recentReply(surbId);
        if (f == null) {
            throw new IllegalArgumentException("no message was sent with " + surbId + " (or it is long finished)");
        }
        try {
            return f.get(Durations.toNanos(timeout), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new RequestTimeoutException("no reply for " + surbId + " within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ThinClientException("interrupted while waiting for a message reply", e);
        } catch (ExecutionException e) {
            throw Futures.unwrap(e.getCause());
        }
    }
}
