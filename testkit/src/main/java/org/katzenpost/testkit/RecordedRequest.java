package org.katzenpost.testkit;

import java.time.Instant;
import org.katzenpost.testkit.internal.Received;
import org.katzenpost.thin.Destination;
import org.katzenpost.thin.MessageId;
import org.katzenpost.thin.QueryId;
import org.katzenpost.thin.SurbId;
import org.katzenpost.thin.internal.wire.BoxMessages;
import org.katzenpost.thin.internal.wire.CourierEnvelopeMessages;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.ResendMessages;
import org.katzenpost.thin.internal.wire.VoucherMessages;
import org.katzenpost.thin.pigeonhole.Courier;
import org.katzenpost.thin.pigeonhole.EnvelopeHash;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.ReadCap;
import org.katzenpost.thin.pigeonhole.ResendOptions;
import org.katzenpost.thin.pigeonhole.WriteCap;
import org.katzenpost.thin.pigeonhole.WriteCapHash;
import org.katzenpost.thin.stats.RequestKind;

/**
 * One request frame a {@link KpclientdSimulator} received and decoded, in arrival order (as OkHttp's
 * {@code RecordedRequest}): which connection it came on, its {@link #kind() kind}, its size, and a read-only,
 * typed view of the fields a test asserts on. Each field accessor returns {@code null} for a kind of request
 * that has no such field; byte arrays are fresh copies.
 *
 * <p>{@link #toString()} names the connection, the request's wire name and its size only: request fields hold
 * capabilities, seeds and payloads, which must not end up in logs.
 *
 * <p>A field that the client sent with a length its public type does not allow (only a hand-made client does
 * that) makes the accessor throw {@link IllegalArgumentException}.
 */
public final class RecordedRequest {
    private final Received received;
    private final Request request;

    RecordedRequest(Received received) {
        this.received = received;
        this.request = received.request();
    }

    /**
     * The connection the request came on.
     *
     * @return the {@link SimulatedConnection#id() id} of that connection (1, 2, …)
     */
    public long connectionId() {
        return received.connectionId();
    }

    /**
     * When the simulator decoded the frame.
     *
     * @return the instant of decoding
     */
    public Instant receivedAt() {
        return received.receivedAt();
    }

    /**
     * The request's kind.
     *
     * @return its kind; {@link RequestKind#OTHER} for {@code session_token}, {@code thin_close} and requests
     *     kpclientd does not know (tell them apart with {@link #wireName()})
     */
    public RequestKind kind() {
        return RequestKind.fromWireName(request.wireKey());
    }

    /**
     * The request's name on the wire.
     *
     * @return for instance {@code "encrypt_write"}, {@code "session_token"}, or the unknown key of a request
     *     kpclientd does not know
     */
    public String wireName() {
        return request.wireKey();
    }

    /**
     * The size of the frame as received.
     *
     * @return the length of the frame body in bytes (the 4-byte length prefix not counted)
     */
    public int bodySize() {
        return received.bodySize();
    }

    /**
     * The {@code query_id} that correlates the request with its reply.
     *
     * @return the query id; {@code null} for {@code send_message}, {@code session_token}, {@code thin_close},
     *     unknown requests, and a query request sent without one
     */
    public QueryId queryId() {
        if (request instanceof Requests.QueryRequest q && q.queryId() != null) {
            return QueryId.of(q.queryId());
        }
        return null;
    }

    /**
     * The payload the request carries: the message of {@code send_message}, the plaintext of
     * {@code encrypt_write}, the payload of {@code create_courier_envelopes_from_payload}.
     *
     * @return a copy of the payload, or {@code null} for other kinds
     */
    public byte[] payload() {
        byte[] b = null;
        if (request instanceof Requests.SendMessage r) {
            b = r.payload();
        } else if (request instanceof BoxMessages.EncryptWrite r) {
            b = r.plaintext();
        } else if (request instanceof CourierEnvelopeMessages.CreateCourierEnvelopesFromPayload r) {
            b = r.payload();
        }
        return b == null ? null : b.clone();
    }

    /**
     * Where a {@code send_message} goes.
     *
     * @return the destination service, or {@code null} for other kinds
     */
    public Destination destination() {
        if (request instanceof Requests.SendMessage r && r.destinationIdHash() != null
                && r.recipientQueueId() != null) {
            return new Destination(r.destinationIdHash(), r.recipientQueueId());
        }
        return null;
    }

    /**
     * Whether a {@code send_message} asks for a reply through a SURB.
     *
     * @return its {@code with_surb} flag; false for other kinds
     */
    public boolean withSurb() {
        return request instanceof Requests.SendMessage r && r.withSurb();
    }

    /**
     * The SURB id of a {@code send_message} with a SURB.
     *
     * @return the SURB id, or {@code null} (no SURB, or another kind)
     */
    public SurbId surbId() {
        if (request instanceof Requests.SendMessage r && r.surbId() != null) {
            return SurbId.of(r.surbId());
        }
        return null;
    }

    /**
     * The message id of a {@code send_message} sent by {@code sendReliableMessage} (the same on every
     * retransmission).
     *
     * @return the message id, or {@code null} (a plain send, or another kind)
     */
    public MessageId messageId() {
        if (request instanceof Requests.SendMessage r && r.id() != null) {
            return MessageId.of(r.id());
        }
        return null;
    }

    /**
     * The message box index the request names: of {@code encrypt_read}, {@code encrypt_write},
     * {@code start_resending_encrypted_message}, {@code next_message_box_index},
     * {@code get_message_box_index_counter}, and the destination start index of
     * {@code create_courier_envelopes_from_payload} and {@code create_courier_envelopes_from_tombstone_range}.
     *
     * @return the index, or {@code null} when the request has none
     */
    public MessageBoxIndex messageBoxIndex() {
        byte[] b = null;
        if (request instanceof BoxMessages.EncryptRead r) {
            b = r.messageBoxIndex();
        } else if (request instanceof BoxMessages.EncryptWrite r) {
            b = r.messageBoxIndex();
        } else if (request instanceof ResendMessages.StartResendingEncryptedMessage r) {
            b = r.messageBoxIndex();
        } else if (request instanceof BoxMessages.NextMessageBoxIndex r) {
            b = r.messageBoxIndex();
        } else if (request instanceof BoxMessages.GetMessageBoxIndexCounter r) {
            b = r.messageBoxIndex();
        } else if (request instanceof CourierEnvelopeMessages.CreateCourierEnvelopesFromPayload r) {
            b = r.destStartIndex();
        } else if (request instanceof CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRange r) {
            b = r.destStartIndex();
        }
        return b == null ? null : MessageBoxIndex.of(b);
    }

    /**
     * The write capability the request carries: of {@code encrypt_write},
     * {@code start_resending_encrypted_message} (a write), {@code start_resending_copy_command} (the temporary
     * stream), the destination of {@code create_courier_envelopes_from_payload} and
     * {@code create_courier_envelopes_from_tombstone_range}, and the message write cap of {@code voucher_mint}
     * and {@code voucher_open}.
     *
     * @return the capability, or {@code null} when the request has none
     */
    public WriteCap writeCap() {
        byte[] b = null;
        if (request instanceof BoxMessages.EncryptWrite r) {
            b = r.writeCap();
        } else if (request instanceof ResendMessages.StartResendingEncryptedMessage r) {
            b = r.writeCap();
        } else if (request instanceof ResendMessages.StartResendingCopyCommand r) {
            b = r.writeCap();
        } else if (request instanceof CourierEnvelopeMessages.CreateCourierEnvelopesFromPayload r) {
            b = r.destWriteCap();
        } else if (request instanceof CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRange r) {
            b = r.destWriteCap();
        } else if (request instanceof VoucherMessages.VoucherMint r) {
            b = r.messageWriteCap();
        } else if (request instanceof VoucherMessages.VoucherOpen r) {
            b = r.messageWriteCap();
        }
        return b == null ? null : WriteCap.of(b);
    }

    /**
     * The read capability of {@code encrypt_read} and of {@code start_resending_encrypted_message} (a read).
     *
     * @return the capability, or {@code null} when the request has none
     */
    public ReadCap readCap() {
        byte[] b = null;
        if (request instanceof BoxMessages.EncryptRead r) {
            b = r.readCap();
        } else if (request instanceof ResendMessages.StartResendingEncryptedMessage r) {
            b = r.readCap();
        }
        return b == null ? null : ReadCap.of(b);
    }

    /**
     * The envelope hash of {@code start_resending_encrypted_message} and
     * {@code cancel_resending_encrypted_message}.
     *
     * @return the hash, or {@code null} when the request has none
     */
    public EnvelopeHash envelopeHash() {
        byte[] b = null;
        if (request instanceof ResendMessages.StartResendingEncryptedMessage r) {
            b = r.envelopeHash();
        } else if (request instanceof ResendMessages.CancelResendingEncryptedMessage r) {
            b = r.envelopeHash();
        }
        return b == null ? null : EnvelopeHash.of(b);
    }

    /**
     * The write-cap hash of {@code cancel_resending_copy_command}.
     *
     * @return the hash, or {@code null} for other kinds
     */
    public WriteCapHash writeCapHash() {
        if (request instanceof ResendMessages.CancelResendingCopyCommand r && r.writeCapHash() != null) {
            return WriteCapHash.of(r.writeCapHash());
        }
        return null;
    }

    /**
     * The courier a {@code start_resending_copy_command} names.
     *
     * @return the courier, or {@code null} when the daemon is left to choose one (or for other kinds)
     */
    public Courier courier() {
        if (request instanceof ResendMessages.StartResendingCopyCommand r && r.courierIdentityHash() != null
                && r.courierQueueId() != null) {
            return Courier.of(r.courierIdentityHash(), r.courierQueueId());
        }
        return null;
    }

    /**
     * The flags of {@code start_resending_encrypted_message}, as the options that produce them.
     *
     * @return the options ({@code no_retry_on_box_id_not_found} → {@link ResendOptions#noRetryOnBoxIdNotFound()},
     *     {@code no_idempotent_box_already_exists} → {@link ResendOptions#boxAlreadyExistsAsError()}), or
     *     {@code null} for other kinds
     */
    public ResendOptions resendOptions() {
        if (request instanceof ResendMessages.StartResendingEncryptedMessage r) {
            return new ResendOptions(r.noRetryOnBoxIdNotFound(), r.noIdempotentBoxAlreadyExists());
        }
        return null;
    }

    /**
     * The epoch a {@code get_pki_document} asks for.
     *
     * @return the epoch (0: the current document), or -1 for other kinds
     */
    public long epoch() {
        return request instanceof Requests.GetPkiDocument r ? r.epoch() : -1;
    }

    /**
     * Two views are equal when they show the same received frame (each call of {@link KpclientdSimulator#requests()}
     * makes new views of the same frames).
     *
     * @param o another object
     * @return whether {@code o} shows the same received frame
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof RecordedRequest r && r.received == received;
    }

    /**
     * A hash consistent with {@link #equals(Object)}.
     *
     * @return the identity hash of the received frame
     */
    @Override
    public int hashCode() {
        return System.identityHashCode(received);
    }

    /**
     * Names the connection, the request's wire name and its size; never a field.
     *
     * @return for instance {@code RecordedRequest[connection 1, encrypt_write, 412 bytes]}
     */
    @Override
    public String toString() {
        return "RecordedRequest[connection " + connectionId() + ", " + wireName() + ", " + bodySize() + " bytes]";
    }
}
