package org.katzenpost.thin.internal.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.SphinxGeometry;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborType;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.cbor.KeyTable;
import org.katzenpost.thin.internal.wire.Requests.CreateCourierEnvelopesFromMultiPayload.EnvelopeDestination;

/**
 * Encodes and decodes thin-protocol frame bodies (docs/protocol.md#cbor, #requests, #responses). Stateless and thread-safe.
 *
 * <p>Decoding rules, for both directions: the body is one CBOR map; its variant is the one key whose value is
 * not null (never "which key is present"). Two non-null known variants, or no non-null key at all, is a
 * {@link CborException}. A non-null key this library does not know, with no known one beside it, decodes as
 * {@code Unknown} (the first such key wins); beside a known variant it is ignored. Unknown keys inside a
 * variant are ignored; null fields decode as null, 0 or false. Fixed-size fields are checked on decode (a
 * {@link CborException} naming the field) and on encode (an {@link IllegalArgumentException} naming the field and
 * both sizes). Decoding throws nothing but {@link CborException}, whatever the input.
 *
 * <p>Encoding: requests are written as {@code {variant: {fields}}} with only their own key, every
 * non-omitempty field present (null when null), like the Go client. Responses are written the way kpclientd
 * writes them: all 25 response keys, exactly one non-null.
 */
public final class WireCodec {
    /** A shared instance; the codec holds no state. */
    public static final WireCodec INSTANCE = new WireCodec();

    // ---- field keys (wire names) ----
    private static final String QUERY_ID = "query_id";
    private static final String CLIENT_INSTANCE_TOKEN = "client_instance_token";
    private static final String ID = "id";
    private static final String WITH_SURB = "with_surb";
    private static final String SURBID = "surbid";
    private static final String DESTINATION_ID_HASH = "destination_id_hash";
    private static final String RECIPIENT_QUEUE_ID = "recipient_queue_id";
    private static final String PAYLOAD = "payload";
    private static final String SEED = "seed";
    private static final String READ_CAP = "read_cap";
    private static final String WRITE_CAP = "write_cap";
    private static final String MESSAGE_BOX_INDEX = "message_box_index";
    private static final String PLAINTEXT = "plaintext";
    private static final String REPLY_INDEX = "reply_index";
    private static final String ENVELOPE_DESCRIPTOR = "envelope_descriptor";
    private static final String MESSAGE_CIPHERTEXT = "message_ciphertext";
    private static final String ENVELOPE_HASH = "envelope_hash";
    private static final String NO_RETRY_ON_BOX_ID_NOT_FOUND = "no_retry_on_box_id_not_found";
    private static final String NO_IDEMPOTENT_BOX_ALREADY_EXISTS = "no_idempotent_box_already_exists";
    private static final String COURIER_IDENTITY_HASH = "courier_identity_hash";
    private static final String COURIER_QUEUE_ID = "courier_queue_id";
    private static final String WRITE_CAP_HASH = "write_cap_hash";
    private static final String DEST_WRITE_CAP = "dest_write_cap";
    private static final String DEST_START_INDEX = "dest_start_index";
    private static final String IS_START = "is_start";
    private static final String IS_LAST = "is_last";
    private static final String DESTINATIONS = "destinations";
    private static final String START_INDEX = "start_index";
    private static final String BUFFER = "buffer";
    private static final String MAX_COUNT = "max_count";
    private static final String EPOCH = "epoch";
    private static final String MESSAGE_WRITE_CAP = "message_write_cap";
    private static final String DISPLAY_NAME = "display_name";
    private static final String VOUCHER = "voucher";
    private static final String VOUCHER_PAYLOAD = "voucher_payload";
    private static final String WHO_REPLY = "who_reply";
    private static final String VOUCHER_SECRET_KEY = "voucher_secret_key";
    private static final String SEALED_REPLY = "sealed_reply";
    private static final String APP_ID = "app_id";
    private static final String RESUMED = "resumed";
    private static final String IS_CONNECTED = "is_connected";
    private static final String ERR = "err";
    private static final String INSTANCE_TOKEN = "instance_token";
    private static final String SPHINX_GEOMETRY = "sphinx_geometry";
    private static final String PIGEONHOLE_GEOMETRY = "pigeonhole_geometry";
    private static final String MESSAGE_ID = "message_id";
    private static final String SENT_AT = "sent_at";
    private static final String REPLY_ETA = "reply_eta";
    private static final String ERROR_CODE = "error_code";
    private static final String FIRST_MESSAGE_INDEX = "first_message_index";
    private static final String NEXT_MESSAGE_BOX_INDEX = "next_message_box_index";
    private static final String REPLICA_ERROR_CODE = "replica_error_code";
    private static final String FAILED_ENVELOPE_INDEX = "failed_envelope_index";
    private static final String COUNTER = "counter";
    private static final String AUTHORITIES = "authorities";
    private static final String ENVELOPES = "envelopes";
    private static final String NEXT_DEST_INDEX = "next_dest_index";
    private static final String NEXT_DEST_INDICES = "next_dest_indices";
    private static final String VOUCHER_WRITE_CAP = "voucher_write_cap";
    private static final String VOUCHER_READ_CAP = "voucher_read_cap";
    private static final String VOUCHER_PUBLIC_KEY = "voucher_public_key";
    private static final String MUTATED_MESSAGE_READ_CAP = "mutated_message_read_cap";
    private static final String SALT = "salt";
    private static final String MUTATED_MESSAGE_WRITE_CAP = "mutated_message_write_cap";

    // ---- geometry keys (Go field names) ----
    private static final String G_PACKET_LENGTH = "PacketLength";
    private static final String G_NR_HOPS = "NrHops";
    private static final String G_HEADER_LENGTH = "HeaderLength";
    private static final String G_ROUTING_INFO_LENGTH = "RoutingInfoLength";
    private static final String G_PER_HOP_ROUTING_INFO_LENGTH = "PerHopRoutingInfoLength";
    private static final String G_SURB_LENGTH = "SURBLength";
    private static final String G_SPHINX_PLAINTEXT_HEADER_LENGTH = "SphinxPlaintextHeaderLength";
    private static final String G_PAYLOAD_TAG_LENGTH = "PayloadTagLength";
    private static final String G_FORWARD_PAYLOAD_LENGTH = "ForwardPayloadLength";
    private static final String G_USER_FORWARD_PAYLOAD_LENGTH = "UserForwardPayloadLength";
    private static final String G_NEXT_NODE_HOP_LENGTH = "NextNodeHopLength";
    private static final String G_SPRP_KEY_MATERIAL_LENGTH = "SPRPKeyMaterialLength";
    private static final String G_NIKE_NAME = "NIKEName";
    private static final String G_KEM_NAME = "KEMName";
    private static final String G_MAX_PLAINTEXT_PAYLOAD_LENGTH = "MaxPlaintextPayloadLength";
    private static final String G_COURIER_QUERY_READ_LENGTH = "CourierQueryReadLength";
    private static final String G_COURIER_QUERY_WRITE_LENGTH = "CourierQueryWriteLength";
    private static final String G_COURIER_QUERY_REPLY_READ_LENGTH = "CourierQueryReplyReadLength";
    private static final String G_COURIER_QUERY_REPLY_WRITE_LENGTH = "CourierQueryReplyWriteLength";
    private static final String G_SIGNATURE_SCHEME_NAME = "SignatureSchemeName";

    private static final KeyTable REQUEST_KEYS = new KeyTable(
            Requests.SessionToken.KEY, Requests.ThinClose.KEY, Requests.SendMessage.KEY, Requests.NewKeypair.KEY,
            Requests.EncryptRead.KEY, Requests.EncryptWrite.KEY, Requests.StartResendingEncryptedMessage.KEY,
            Requests.CancelResendingEncryptedMessage.KEY, Requests.StartResendingCopyCommand.KEY,
            Requests.CancelResendingCopyCommand.KEY, Requests.NextMessageBoxIndex.KEY,
            Requests.GetMessageBoxIndexCounter.KEY, Requests.CreateCourierEnvelopesFromPayload.KEY,
            Requests.CreateCourierEnvelopesFromMultiPayload.KEY, Requests.CreateCourierEnvelopesFromTombstoneRange.KEY,
            Requests.GetPkiDocument.KEY, Requests.GetDirectoryAuthorities.KEY, Requests.VoucherMint.KEY,
            Requests.VoucherInduct.KEY, Requests.VoucherOpen.KEY, Requests.VoucherDeriveStream.KEY);

    private static final KeyTable RESPONSE_KEYS = new KeyTable(Responses.KEYS.toArray(new String[0]));

    private static final KeyTable FIELD_KEYS = new KeyTable(
            QUERY_ID, CLIENT_INSTANCE_TOKEN, ID, WITH_SURB, SURBID, DESTINATION_ID_HASH, RECIPIENT_QUEUE_ID, PAYLOAD,
            SEED, READ_CAP, WRITE_CAP, MESSAGE_BOX_INDEX, PLAINTEXT, REPLY_INDEX, ENVELOPE_DESCRIPTOR,
            MESSAGE_CIPHERTEXT, ENVELOPE_HASH, NO_RETRY_ON_BOX_ID_NOT_FOUND, NO_IDEMPOTENT_BOX_ALREADY_EXISTS,
            COURIER_IDENTITY_HASH, COURIER_QUEUE_ID, WRITE_CAP_HASH, DEST_WRITE_CAP, DEST_START_INDEX, IS_START,
            IS_LAST, DESTINATIONS, START_INDEX, BUFFER, MAX_COUNT, EPOCH, MESSAGE_WRITE_CAP, DISPLAY_NAME, VOUCHER,
            VOUCHER_PAYLOAD, WHO_REPLY, VOUCHER_SECRET_KEY, SEALED_REPLY, APP_ID, RESUMED, IS_CONNECTED, ERR,
            INSTANCE_TOKEN, SPHINX_GEOMETRY, PIGEONHOLE_GEOMETRY, MESSAGE_ID, SENT_AT, REPLY_ETA, ERROR_CODE,
            FIRST_MESSAGE_INDEX, NEXT_MESSAGE_BOX_INDEX, REPLICA_ERROR_CODE, FAILED_ENVELOPE_INDEX, COUNTER,
            AUTHORITIES, ENVELOPES, NEXT_DEST_INDEX, NEXT_DEST_INDICES, VOUCHER_WRITE_CAP, VOUCHER_READ_CAP,
            VOUCHER_PUBLIC_KEY, MUTATED_MESSAGE_READ_CAP, SALT, MUTATED_MESSAGE_WRITE_CAP);

    private static final KeyTable GEOMETRY_KEYS = new KeyTable(
            G_PACKET_LENGTH, G_NR_HOPS, G_HEADER_LENGTH, G_ROUTING_INFO_LENGTH, G_PER_HOP_ROUTING_INFO_LENGTH,
            G_SURB_LENGTH, G_SPHINX_PLAINTEXT_HEADER_LENGTH, G_PAYLOAD_TAG_LENGTH, G_FORWARD_PAYLOAD_LENGTH,
            G_USER_FORWARD_PAYLOAD_LENGTH, G_NEXT_NODE_HOP_LENGTH, G_SPRP_KEY_MATERIAL_LENGTH, G_NIKE_NAME,
            G_KEM_NAME, G_MAX_PLAINTEXT_PAYLOAD_LENGTH, G_COURIER_QUERY_READ_LENGTH, G_COURIER_QUERY_WRITE_LENGTH,
            G_COURIER_QUERY_REPLY_READ_LENGTH, G_COURIER_QUERY_REPLY_WRITE_LENGTH, G_SIGNATURE_SCHEME_NAME);

    public WireCodec() {}

    // =====================================================================================================
    // Encoding: requests
    // =====================================================================================================

    /**
     * Encodes a request as {@code {variant: {fields}}}.
     *
     * @throws IllegalArgumentException when a fixed-size field has the wrong size or a number is out of range
     */
    public byte[] encodeRequest(Request request) {
        if (request == null) {
            throw new IllegalArgumentException("request is null");
        }
        int hint = 256 + sizeHint(request);
        if (hint > REUSED_WRITER_LIMIT) {
            CborWriter w = new CborWriter(hint);
            writeRequest(w, request);
            return w.toByteArray();
        }
        // Requests are mostly a few hundred bytes: encode them in a per-thread writer and copy out exactly the
        // encoded bytes, instead of allocating a padded buffer per request and then copying it anyway.
        CborWriter w = WRITERS.get().reset();
        try {
            writeRequest(w, request);
            return w.toByteArray();
        } finally {
            if (w.size() > REUSED_WRITER_LIMIT) {
                WRITERS.remove(); // do not keep a large buffer per thread
            }
        }
    }

    /** Largest encoding for which {@link #encodeRequest} reuses its thread's writer. */
    private static final int REUSED_WRITER_LIMIT = 64 * 1024;
    private static final ThreadLocal<CborWriter> WRITERS = ThreadLocal.withInitial(() -> new CborWriter(1024));

    private static void writeRequest(CborWriter w, Request request) {
        w.mapHeader(1);
        w.text(request.wireKey());
        writeRequestBody(w, request);
    }

    private static int sizeHint(Request r) {
        long n = 0;
        if (r instanceof Requests.SendMessage m) {
            n = len(m.payload());
        } else if (r instanceof Requests.EncryptWrite m) {
            n = len(m.plaintext());
        } else if (r instanceof Requests.StartResendingEncryptedMessage m) {
            n = len(m.messageCiphertext()) + len(m.envelopeDescriptor());
        } else if (r instanceof Requests.CreateCourierEnvelopesFromPayload m) {
            n = len(m.payload());
        } else if (r instanceof Requests.CreateCourierEnvelopesFromMultiPayload m) {
            n = len(m.buffer());
            if (m.destinations() != null) {
                for (EnvelopeDestination d : m.destinations()) {
                    n += d == null ? 0 : len(d.payload()) + 300;
                }
            }
        } else if (r instanceof Requests.CreateCourierEnvelopesFromTombstoneRange m) {
            n = len(m.buffer());
        }
        return (int) Math.min(n + 64, Frames.MAX_FRAME_LENGTH);
    }

    private static int len(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static void writeRequestBody(CborWriter w, Request request) {
        if (request instanceof Requests.SessionToken r) {
            w.mapHeader(1);
            fixed(w, CLIENT_INSTANCE_TOKEN, r.clientInstanceToken(), WireSizes.TOKEN);
        } else if (request instanceof Requests.ThinClose) {
            w.mapHeader(0);
        } else if (request instanceof Requests.SendMessage r) {
            w.mapHeader(6);
            fixed(w, ID, r.id(), WireSizes.MESSAGE_ID);
            w.text(WITH_SURB).bool(r.withSurb());
            fixed(w, SURBID, r.surbId(), WireSizes.SURB_ID);
            fixed(w, DESTINATION_ID_HASH, r.destinationIdHash(), WireSizes.HASH);
            queueId(w, RECIPIENT_QUEUE_ID, r.recipientQueueId());
            bytes(w, PAYLOAD, r.payload());
        } else if (request instanceof Requests.NewKeypair r) {
            w.mapHeader(2);
            queryId(w, r.queryId());
            bytes(w, SEED, r.seed());
        } else if (request instanceof Requests.EncryptRead r) {
            w.mapHeader(3);
            queryId(w, r.queryId());
            fixed(w, READ_CAP, r.readCap(), WireSizes.READ_CAP);
            fixed(w, MESSAGE_BOX_INDEX, r.messageBoxIndex(), WireSizes.MESSAGE_BOX_INDEX);
        } else if (request instanceof Requests.EncryptWrite r) {
            w.mapHeader(4);
            queryId(w, r.queryId());
            bytes(w, PLAINTEXT, r.plaintext());
            fixed(w, WRITE_CAP, r.writeCap(), WireSizes.WRITE_CAP);
            fixed(w, MESSAGE_BOX_INDEX, r.messageBoxIndex(), WireSizes.MESSAGE_BOX_INDEX);
        } else if (request instanceof Requests.StartResendingEncryptedMessage r) {
            int n = 7 + (r.replyIndex() != null ? 1 : 0) + (r.noRetryOnBoxIdNotFound() ? 1 : 0)
                    + (r.noIdempotentBoxAlreadyExists() ? 1 : 0);
            w.mapHeader(n);
            queryId(w, r.queryId());
            fixed(w, READ_CAP, r.readCap(), WireSizes.READ_CAP);
            fixed(w, WRITE_CAP, r.writeCap(), WireSizes.WRITE_CAP);
            fixed(w, MESSAGE_BOX_INDEX, r.messageBoxIndex(), WireSizes.MESSAGE_BOX_INDEX);
            if (r.replyIndex() != null) {
                w.text(REPLY_INDEX).uint(uint8(REPLY_INDEX, r.replyIndex()));
            }
            bytes(w, ENVELOPE_DESCRIPTOR, r.envelopeDescriptor());
            bytes(w, MESSAGE_CIPHERTEXT, r.messageCiphertext());
            fixed(w, ENVELOPE_HASH, r.envelopeHash(), WireSizes.HASH);
            if (r.noRetryOnBoxIdNotFound()) {
                w.text(NO_RETRY_ON_BOX_ID_NOT_FOUND).bool(true);
            }
            if (r.noIdempotentBoxAlreadyExists()) {
                w.text(NO_IDEMPOTENT_BOX_ALREADY_EXISTS).bool(true);
            }
        } else if (request instanceof Requests.CancelResendingEncryptedMessage r) {
            w.mapHeader(2);
            queryId(w, r.queryId());
            fixed(w, ENVELOPE_HASH, r.envelopeHash(), WireSizes.HASH);
        } else if (request instanceof Requests.StartResendingCopyCommand r) {
            boolean hasHash = r.courierIdentityHash() != null;
            boolean hasQueue = r.courierQueueId() != null && r.courierQueueId().length > 0;
            w.mapHeader(2 + (hasHash ? 1 : 0) + (hasQueue ? 1 : 0));
            queryId(w, r.queryId());
            fixed(w, WRITE_CAP, r.writeCap(), WireSizes.WRITE_CAP);
            if (hasHash) {
                fixed(w, COURIER_IDENTITY_HASH, r.courierIdentityHash(), WireSizes.HASH);
            }
            if (hasQueue) {
                queueId(w, COURIER_QUEUE_ID, r.courierQueueId());
            }
        } else if (request instanceof Requests.CancelResendingCopyCommand r) {
            w.mapHeader(2);
            queryId(w, r.queryId());
            fixed(w, WRITE_CAP_HASH, r.writeCapHash(), WireSizes.HASH);
        } else if (request instanceof Requests.NextMessageBoxIndex r) {
            w.mapHeader(2);
            queryId(w, r.queryId());
            fixed(w, MESSAGE_BOX_INDEX, r.messageBoxIndex(), WireSizes.MESSAGE_BOX_INDEX);
        } else if (request instanceof Requests.GetMessageBoxIndexCounter r) {
            w.mapHeader(2);
            queryId(w, r.queryId());
            fixed(w, MESSAGE_BOX_INDEX, r.messageBoxIndex(), WireSizes.MESSAGE_BOX_INDEX);
        } else if (request instanceof Requests.CreateCourierEnvelopesFromPayload r) {
            w.mapHeader(6);
            queryId(w, r.queryId());
            bytes(w, PAYLOAD, r.payload());
            fixed(w, DEST_WRITE_CAP, r.destWriteCap(), WireSizes.WRITE_CAP);
            fixed(w, DEST_START_INDEX, r.destStartIndex(), WireSizes.MESSAGE_BOX_INDEX);
            w.text(IS_START).bool(r.isStart());
            w.text(IS_LAST).bool(r.isLast());
        } else if (request instanceof Requests.CreateCourierEnvelopesFromMultiPayload r) {
            w.mapHeader(5);
            queryId(w, r.queryId());
            w.text(DESTINATIONS);
            if (r.destinations() == null) {
                w.nul();
            } else {
                w.arrayHeader(r.destinations().size());
                for (EnvelopeDestination d : r.destinations()) {
                    if (d == null) {
                        w.nul();
                        continue;
                    }
                    w.mapHeader(3);
                    bytes(w, PAYLOAD, d.payload());
                    fixed(w, WRITE_CAP, d.writeCap(), WireSizes.WRITE_CAP);
                    fixed(w, START_INDEX, d.startIndex(), WireSizes.MESSAGE_BOX_INDEX);
                }
            }
            w.text(IS_START).bool(r.isStart());
            w.text(IS_LAST).bool(r.isLast());
            bytes(w, BUFFER, r.buffer());
        } else if (request instanceof Requests.CreateCourierEnvelopesFromTombstoneRange r) {
            if (r.maxCount() < 0 || r.maxCount() > WireSizes.MAX_COUNT_MAX) {
                throw new IllegalArgumentException(MAX_COUNT + " must be a uint32, got " + r.maxCount());
            }
            w.mapHeader(7);
            queryId(w, r.queryId());
            fixed(w, DEST_WRITE_CAP, r.destWriteCap(), WireSizes.WRITE_CAP);
            fixed(w, DEST_START_INDEX, r.destStartIndex(), WireSizes.MESSAGE_BOX_INDEX);
            w.text(MAX_COUNT).uint(r.maxCount());
            w.text(IS_START).bool(r.isStart());
            w.text(IS_LAST).bool(r.isLast());
            bytes(w, BUFFER, r.buffer());
        } else if (request instanceof Requests.GetPkiDocument r) {
            w.mapHeader(2);
            queryId(w, r.queryId());
            w.text(EPOCH).uint(r.epoch());
        } else if (request instanceof Requests.GetDirectoryAuthorities r) {
            w.mapHeader(1);
            queryId(w, r.queryId());
        } else if (request instanceof Requests.VoucherMint r) {
            w.mapHeader(3);
            queryId(w, r.queryId());
            fixed(w, MESSAGE_WRITE_CAP, r.messageWriteCap(), WireSizes.WRITE_CAP);
            w.text(DISPLAY_NAME).textOrNull(r.displayName());
        } else if (request instanceof Requests.VoucherInduct r) {
            w.mapHeader(4);
            queryId(w, r.queryId());
            fixed(w, VOUCHER, r.voucher(), WireSizes.VOUCHER);
            bytes(w, VOUCHER_PAYLOAD, r.voucherPayload());
            bytes(w, WHO_REPLY, r.whoReply());
        } else if (request instanceof Requests.VoucherOpen r) {
            w.mapHeader(4);
            queryId(w, r.queryId());
            bytes(w, VOUCHER_SECRET_KEY, r.voucherSecretKey());
            bytes(w, SEALED_REPLY, r.sealedReply());
            fixed(w, MESSAGE_WRITE_CAP, r.messageWriteCap(), WireSizes.WRITE_CAP);
        } else if (request instanceof Requests.VoucherDeriveStream r) {
            w.mapHeader(2);
            queryId(w, r.queryId());
            fixed(w, VOUCHER, r.voucher(), WireSizes.VOUCHER);
        } else if (request instanceof Requests.Unknown r) {
            if (r.key() == null) {
                throw new IllegalArgumentException("Unknown request without a key");
            }
            w.value(r.value());
        } else {
            throw new IllegalArgumentException("not a known request type: " + request.getClass().getName());
        }
    }

    // =====================================================================================================
    // Encoding: responses (daemon style)
    // =====================================================================================================

    /**
     * Encodes a response the way kpclientd does: a map holding all 25 response keys, the variant's non-null
     * and the other 24 null. An {@code Unknown} whose key is not one of the 25 is added as a 26th entry.
     *
     * @throws IllegalArgumentException when a fixed-size field has the wrong size or a number is out of range
     */
    public byte[] encodeResponse(Response response) {
        if (response == null) {
            throw new IllegalArgumentException("response is null");
        }
        String key = response.wireKey();
        if (key == null) {
            throw new IllegalArgumentException("response without a key");
        }
        boolean extra = !Responses.KEYS.contains(key);
        CborWriter w = new CborWriter(1024 + responseSizeHint(response));
        w.mapHeader(Responses.KEYS.size() + (extra ? 1 : 0));
        for (String k : Responses.KEYS) {
            w.text(k);
            if (k.equals(key)) {
                writeResponseBody(w, response);
            } else {
                w.nul();
            }
        }
        if (extra) {
            w.text(key);
            writeResponseBody(w, response);
        }
        return w.toByteArray();
    }

    private static int responseSizeHint(Response r) {
        long n = 0;
        if (r instanceof Responses.NewPkiDocumentEvent m) {
            n = len(m.payload());
        } else if (r instanceof Responses.GetPkiDocumentReply m) {
            n = len(m.payload());
        } else if (r instanceof Responses.MessageReplyEvent m) {
            n = len(m.payload());
        } else if (r instanceof Responses.EncryptReadReply m) {
            n = len(m.messageCiphertext()) + len(m.envelopeDescriptor());
        } else if (r instanceof Responses.EncryptWriteReply m) {
            n = len(m.messageCiphertext()) + len(m.envelopeDescriptor());
        } else if (r instanceof Responses.StartResendingEncryptedMessageReply m) {
            n = len(m.plaintext());
        }
        return (int) Math.min(n, Frames.MAX_FRAME_LENGTH);
    }

    private static void writeResponseBody(CborWriter w, Response response) {
        if (response instanceof Responses.SessionTokenReply r) {
            w.mapHeader(2);
            fixed(w, APP_ID, r.appId(), WireSizes.TOKEN);
            w.text(RESUMED).bool(r.resumed());
        } else if (response instanceof Responses.ShutdownEvent) {
            w.mapHeader(0);
        } else if (response instanceof Responses.ConnectionStatusEvent r) {
            w.mapHeader(5);
            w.text(IS_CONNECTED).bool(r.isConnected());
            w.text(ERR).nul();
            fixed(w, INSTANCE_TOKEN, r.instanceToken(), WireSizes.TOKEN);
            w.text(SPHINX_GEOMETRY);
            writeSphinx(w, r.sphinxGeometry());
            w.text(PIGEONHOLE_GEOMETRY);
            writePigeonhole(w, r.pigeonholeGeometry());
        } else if (response instanceof Responses.NewPkiDocumentEvent r) {
            w.mapHeader(1);
            bytes(w, PAYLOAD, r.payload());
        } else if (response instanceof Responses.MessageSentEvent r) {
            boolean hasErr = r.err() != null && !r.err().isEmpty();
            w.mapHeader(hasErr ? 5 : 4);
            fixed(w, MESSAGE_ID, r.messageId(), WireSizes.MESSAGE_ID);
            fixed(w, SURBID, r.surbId(), WireSizes.SURB_ID);
            w.text(SENT_AT).integer(r.sentAtUnixSeconds());
            w.text(REPLY_ETA).integer(r.replyEtaNanos());
            if (hasErr) {
                w.text(ERR).text(r.err());
            }
        } else if (response instanceof Responses.MessageReplyEvent r) {
            w.mapHeader(r.replyIndex() != null ? 5 : 4);
            fixed(w, MESSAGE_ID, r.messageId(), WireSizes.MESSAGE_ID);
            fixed(w, SURBID, r.surbId(), WireSizes.SURB_ID);
            bytes(w, PAYLOAD, r.payload());
            if (r.replyIndex() != null) {
                w.text(REPLY_INDEX).uint(uint8(REPLY_INDEX, r.replyIndex()));
            }
            errorCode(w, r.errorCode());
        } else if (response instanceof Responses.MessageIdGarbageCollected r) {
            w.mapHeader(1);
            fixed(w, MESSAGE_ID, r.messageId(), WireSizes.MESSAGE_ID);
        } else if (response instanceof Responses.NewKeypairReply r) {
            w.mapHeader(5);
            queryId(w, r.queryId());
            fixed(w, WRITE_CAP, r.writeCap(), WireSizes.WRITE_CAP);
            fixed(w, READ_CAP, r.readCap(), WireSizes.READ_CAP);
            fixed(w, FIRST_MESSAGE_INDEX, r.firstMessageIndex(), WireSizes.MESSAGE_BOX_INDEX);
            errorCode(w, r.errorCode());
        } else if (response instanceof Responses.EncryptReadReply r) {
            writeEncryptReply(w, r.queryId(), r.messageCiphertext(), r.envelopeDescriptor(), r.envelopeHash(),
                    r.nextMessageBoxIndex(), r.errorCode());
        } else if (response instanceof Responses.EncryptWriteReply r) {
            writeEncryptReply(w, r.queryId(), r.messageCiphertext(), r.envelopeDescriptor(), r.envelopeHash(),
                    r.nextMessageBoxIndex(), r.errorCode());
        } else if (response instanceof Responses.StartResendingEncryptedMessageReply r) {
            w.mapHeader(5);
            queryId(w, r.queryId());
            bytes(w, PLAINTEXT, r.plaintext());
            errorCode(w, r.errorCode());
            fixed(w, COURIER_IDENTITY_HASH, r.courierIdentityHash(), WireSizes.HASH);
            bytes(w, COURIER_QUEUE_ID, r.courierQueueId());
        } else if (response instanceof Responses.CancelResendingEncryptedMessageReply r) {
            w.mapHeader(2);
            queryId(w, r.queryId());
            errorCode(w, r.errorCode());
        } else if (response instanceof Responses.StartResendingCopyCommandReply r) {
            boolean hasReplica = r.replicaErrorCode() != 0;
            boolean hasIndex = r.failedEnvelopeIndex() != 0;
            w.mapHeader(2 + (hasReplica ? 1 : 0) + (hasIndex ? 1 : 0));
            queryId(w, r.queryId());
            errorCode(w, r.errorCode());
            if (hasReplica) {
                w.text(REPLICA_ERROR_CODE).uint(uint8(REPLICA_ERROR_CODE, r.replicaErrorCode()));
            }
            if (hasIndex) {
                w.text(FAILED_ENVELOPE_INDEX).uint(r.failedEnvelopeIndex());
            }
        } else if (response instanceof Responses.CancelResendingCopyCommandReply r) {
            w.mapHeader(2);
            queryId(w, r.queryId());
            errorCode(w, r.errorCode());
        } else if (response instanceof Responses.NextMessageBoxIndexReply r) {
            w.mapHeader(3);
            queryId(w, r.queryId());
            fixed(w, NEXT_MESSAGE_BOX_INDEX, r.nextMessageBoxIndex(), WireSizes.MESSAGE_BOX_INDEX);
            errorCode(w, r.errorCode());
        } else if (response instanceof Responses.GetMessageBoxIndexCounterReply r) {
            w.mapHeader(3);
            queryId(w, r.queryId());
            w.text(COUNTER).uint(r.counter());
            errorCode(w, r.errorCode());
        } else if (response instanceof Responses.GetPkiDocumentReply r) {
            w.mapHeader(4);
            queryId(w, r.queryId());
            bytes(w, PAYLOAD, r.payload());
            w.text(EPOCH).uint(r.epoch());
            errorCode(w, r.errorCode());
        } else if (response instanceof Responses.GetDirectoryAuthoritiesReply r) {
            w.mapHeader(3);
            queryId(w, r.queryId());
            w.text(AUTHORITIES).value(r.authorities());
            errorCode(w, r.errorCode());
        } else if (response instanceof Responses.CreateCourierEnvelopesFromPayloadReply r) {
            w.mapHeader(4);
            queryId(w, r.queryId());
            byteList(w, ENVELOPES, r.envelopes(), -1);
            fixed(w, NEXT_DEST_INDEX, r.nextDestIndex(), WireSizes.MESSAGE_BOX_INDEX);
            errorCode(w, r.errorCode());
        } else if (response instanceof Responses.CreateCourierEnvelopesFromMultiPayloadReply r) {
            w.mapHeader(5);
            queryId(w, r.queryId());
            byteList(w, ENVELOPES, r.envelopes(), -1);
            bytes(w, BUFFER, r.buffer());
            byteList(w, NEXT_DEST_INDICES, r.nextDestIndices(), WireSizes.MESSAGE_BOX_INDEX);
            errorCode(w, r.errorCode());
        } else if (response instanceof Responses.CreateCourierEnvelopesFromTombstoneRangeReply r) {
            w.mapHeader(5);
            queryId(w, r.queryId());
            byteList(w, ENVELOPES, r.envelopes(), -1);
            bytes(w, BUFFER, r.buffer());
            fixed(w, NEXT_DEST_INDEX, r.nextDestIndex(), WireSizes.MESSAGE_BOX_INDEX);
            errorCode(w, r.errorCode());
        } else if (response instanceof Responses.VoucherMintReply r) {
            w.mapHeader(8);
            queryId(w, r.queryId());
            fixed(w, VOUCHER, r.voucher(), WireSizes.VOUCHER);
            bytes(w, VOUCHER_PAYLOAD, r.voucherPayload());
            fixed(w, VOUCHER_WRITE_CAP, r.voucherWriteCap(), WireSizes.WRITE_CAP);
            fixed(w, VOUCHER_READ_CAP, r.voucherReadCap(), WireSizes.READ_CAP);
            bytes(w, VOUCHER_SECRET_KEY, r.voucherSecretKey());
            bytes(w, VOUCHER_PUBLIC_KEY, r.voucherPublicKey());
            errorCode(w, r.errorCode());
        } else if (response instanceof Responses.VoucherInductReply r) {
            w.mapHeader(8);
            queryId(w, r.queryId());
            w.text(DISPLAY_NAME).textOrNull(r.displayName());
            fixed(w, MUTATED_MESSAGE_READ_CAP, r.mutatedMessageReadCap(), WireSizes.READ_CAP);
            bytes(w, SEALED_REPLY, r.sealedReply());
            fixed(w, VOUCHER_WRITE_CAP, r.voucherWriteCap(), WireSizes.WRITE_CAP);
            fixed(w, VOUCHER_READ_CAP, r.voucherReadCap(), WireSizes.READ_CAP);
            fixed(w, SALT, r.salt(), WireSizes.SALT);
            errorCode(w, r.errorCode());
        } else if (response instanceof Responses.VoucherOpenReply r) {
            w.mapHeader(5);
            queryId(w, r.queryId());
            bytes(w, WHO_REPLY, r.whoReply());
            fixed(w, SALT, r.salt(), WireSizes.SALT);
            fixed(w, MUTATED_MESSAGE_WRITE_CAP, r.mutatedMessageWriteCap(), WireSizes.WRITE_CAP);
            errorCode(w, r.errorCode());
        } else if (response instanceof Responses.VoucherDeriveStreamReply r) {
            w.mapHeader(4);
            queryId(w, r.queryId());
            fixed(w, VOUCHER_WRITE_CAP, r.voucherWriteCap(), WireSizes.WRITE_CAP);
            fixed(w, VOUCHER_READ_CAP, r.voucherReadCap(), WireSizes.READ_CAP);
            errorCode(w, r.errorCode());
        } else if (response instanceof Responses.Unknown r) {
            w.value(r.value());
        } else {
            throw new IllegalArgumentException("not a known response type: " + response.getClass().getName());
        }
    }

    private static void writeEncryptReply(CborWriter w, byte[] queryId, byte[] ciphertext, byte[] descriptor,
            byte[] envelopeHash, byte[] next, int errorCode) {
        w.mapHeader(6);
        queryId(w, queryId);
        bytes(w, MESSAGE_CIPHERTEXT, ciphertext);
        bytes(w, ENVELOPE_DESCRIPTOR, descriptor);
        fixed(w, ENVELOPE_HASH, envelopeHash, WireSizes.HASH);
        fixed(w, NEXT_MESSAGE_BOX_INDEX, next, WireSizes.MESSAGE_BOX_INDEX);
        errorCode(w, errorCode);
    }

    private static void writeSphinx(CborWriter w, SphinxGeometry g) {
        if (g == null) {
            w.nul();
            return;
        }
        w.mapHeader(14);
        w.text(G_PACKET_LENGTH).integer(g.packetLength());
        w.text(G_NR_HOPS).integer(g.nrHops());
        w.text(G_HEADER_LENGTH).integer(g.headerLength());
        w.text(G_ROUTING_INFO_LENGTH).integer(g.routingInfoLength());
        w.text(G_PER_HOP_ROUTING_INFO_LENGTH).integer(g.perHopRoutingInfoLength());
        w.text(G_SURB_LENGTH).integer(g.surbLength());
        w.text(G_SPHINX_PLAINTEXT_HEADER_LENGTH).integer(g.sphinxPlaintextHeaderLength());
        w.text(G_PAYLOAD_TAG_LENGTH).integer(g.payloadTagLength());
        w.text(G_FORWARD_PAYLOAD_LENGTH).integer(g.forwardPayloadLength());
        w.text(G_USER_FORWARD_PAYLOAD_LENGTH).integer(g.userForwardPayloadLength());
        w.text(G_NEXT_NODE_HOP_LENGTH).integer(g.nextNodeHopLength());
        w.text(G_SPRP_KEY_MATERIAL_LENGTH).integer(g.sprpKeyMaterialLength());
        w.text(G_NIKE_NAME).textOrNull(g.nikeName());
        w.text(G_KEM_NAME).textOrNull(g.kemName());
    }

    private static void writePigeonhole(CborWriter w, PigeonholeGeometry g) {
        if (g == null) {
            w.nul();
            return;
        }
        w.mapHeader(7);
        w.text(G_MAX_PLAINTEXT_PAYLOAD_LENGTH).integer(g.maxPlaintextPayloadLength());
        w.text(G_COURIER_QUERY_READ_LENGTH).integer(g.courierQueryReadLength());
        w.text(G_COURIER_QUERY_WRITE_LENGTH).integer(g.courierQueryWriteLength());
        w.text(G_COURIER_QUERY_REPLY_READ_LENGTH).integer(g.courierQueryReplyReadLength());
        w.text(G_COURIER_QUERY_REPLY_WRITE_LENGTH).integer(g.courierQueryReplyWriteLength());
        w.text(G_NIKE_NAME).textOrNull(g.nikeName());
        w.text(G_SIGNATURE_SCHEME_NAME).textOrNull(g.signatureSchemeName());
    }

    // ---- encoding helpers ----

    private static void queryId(CborWriter w, byte[] v) {
        fixed(w, QUERY_ID, v, WireSizes.QUERY_ID);
    }

    private static void fixed(CborWriter w, String field, byte[] v, int size) {
        if (v != null && v.length != size) {
            throw new IllegalArgumentException(field + " must be " + size + " bytes, got " + v.length);
        }
        w.text(field).bytesOrNull(v);
    }

    private static void queueId(CborWriter w, String field, byte[] v) {
        if (v != null && (v.length == 0 || v.length > WireSizes.RECIPIENT_QUEUE_ID_MAX)) {
            throw new IllegalArgumentException(field + " must be 1 to " + WireSizes.RECIPIENT_QUEUE_ID_MAX
                    + " bytes, got " + v.length);
        }
        w.text(field).bytesOrNull(v);
    }

    private static void bytes(CborWriter w, String field, byte[] v) {
        w.text(field).bytesOrNull(v);
    }

    private static void byteList(CborWriter w, String field, List<byte[]> list, int size) {
        w.text(field);
        if (list == null) {
            w.nul();
            return;
        }
        w.arrayHeader(list.size());
        for (int i = 0; i < list.size(); i++) {
            byte[] b = list.get(i);
            if (b == null) {
                throw new IllegalArgumentException(field + "[" + i + "] is null");
            }
            if (size >= 0 && b.length != size) {
                throw new IllegalArgumentException(
                        field + "[" + i + "] must be " + size + " bytes, got " + b.length);
            }
            w.bytes(b);
        }
    }

    private static void errorCode(CborWriter w, int code) {
        w.text(ERROR_CODE).uint(uint8(ERROR_CODE, code));
    }

    private static int uint8(String field, int v) {
        if (v < 0 || v > 255) {
            throw new IllegalArgumentException(field + " must be a uint8 (0 to 255), got " + v);
        }
        return v;
    }

    // =====================================================================================================
    // Decoding: shared
    // =====================================================================================================

    private static CborReader reader(byte[] body) {
        if (body == null) {
            throw new CborException("no frame body");
        }
        return new CborReader(body);
    }

    /**
     * The next map key whose value is not null, as its canonical instance from {@code table} (or a fresh string
     * when unknown). Entries with a null value or a non-text key are consumed whole and reported as null; null
     * values cost no key lookup.
     */
    private static String field(CborReader r, KeyTable table) {
        if (r.peekType() == CborType.TEXT) {
            return r.readKeyUnlessNullValue(table);
        }
        r.skip();
        r.skip();
        return null;
    }

    private static byte[] fixed(CborReader r, int size, String field) {
        return r.readBytes(size, field);
    }

    private static byte[] queueId(CborReader r, String field) {
        byte[] b = r.readBytes();
        if (b.length == 0 || b.length > WireSizes.RECIPIENT_QUEUE_ID_MAX) {
            throw new CborException(field + ": expected 1 to " + WireSizes.RECIPIENT_QUEUE_ID_MAX + " bytes, got "
                    + b.length);
        }
        return b;
    }

    private static int uint8(CborReader r, String field) {
        long v = r.readUint64Bits();
        if (v < 0 || v > 255) {
            throw new CborException(field + ": expected a uint8, got " + Long.toUnsignedString(v));
        }
        return (int) v;
    }

    private static int int32(CborReader r, String field) {
        long v = r.readInt();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new CborException(field + ": " + v + " does not fit in an int");
        }
        return (int) v;
    }

    private static List<byte[]> byteList(CborReader r, int size, String field) {
        long n = r.readArrayHeader();
        List<byte[]> out = new ArrayList<>(n < 0 ? 4 : (int) Math.min(n, 256));
        for (long i = 0; r.hasNext(n, i); i++) {
            if (r.peekType() != CborType.BYTES) {
                throw new CborException(field + "[" + i + "]: expected a byte string but found " + r.peekType());
            }
            out.add(size < 0 ? r.readBytes() : r.readBytes(size, field));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<Object, Object>> mapList(CborReader r, String field) {
        long n = r.readArrayHeader();
        List<Map<Object, Object>> out = new ArrayList<>(n < 0 ? 4 : (int) Math.min(n, 256));
        for (long i = 0; r.hasNext(n, i); i++) {
            if (r.peekType() != CborType.MAP) {
                throw new CborException(field + "[" + i + "]: expected a map but found " + r.peekType());
            }
            out.add((Map<Object, Object>) r.readValue());
        }
        return out;
    }

    // =====================================================================================================
    // Decoding: responses
    // =====================================================================================================

    /**
     * Decodes one daemon frame body.
     *
     * @throws CborException on malformed CBOR, a wrong type or size, trailing bytes, no variant, or two known
     *     variants
     */
    public Response decodeResponse(byte[] body) {
        return decodeResponse(reader(body));
    }

    /**
     * Decodes one daemon frame body held in {@code buf[off, off + len)}. The result shares no memory with
     * {@code buf} (every byte string is copied out), so the caller may reuse the buffer at once.
     *
     * @throws CborException as {@link #decodeResponse(byte[])}
     */
    public Response decodeResponse(byte[] buf, int off, int len) {
        if (buf == null) {
            throw new CborException("no frame body");
        }
        return decodeResponse(new CborReader(buf, off, len));
    }

    private Response decodeResponse(CborReader r) {
        return decodeVariant(r, RESPONSE_KEYS, "response", WireCodec::decodeResponseVariant, Responses.Unknown::new);
    }

    /**
     * The variant of a request or response map: the one key whose value is not null. A key this library does
     * not know becomes {@code unknown} when no known variant is present; two known variants are an error.
     */
    private static <T> T decodeVariant(CborReader r, KeyTable keys, String kind,
            java.util.function.BiFunction<String, CborReader, T> known,
            java.util.function.BiFunction<String, Object, T> unknown) {
        long n = r.readMapHeader();
        T found = null;
        String foundKey = null;
        String unknownKey = null;
        Object unknownValue = null;
        for (long i = 0; r.hasNext(n, i); i++) {
            String k = field(r, keys);
            if (k == null) {
                continue;
            }
            T v = known.apply(k, r);
            if (v == null) {
                if (unknownKey == null) {
                    unknownKey = k;
                    unknownValue = r.readValue();
                } else {
                    r.skip();
                }
                continue;
            }
            if (found != null) {
                throw new CborException("two " + kind + " variants in one frame: " + foundKey + " and " + k);
            }
            found = v;
            foundKey = k;
        }
        r.expectEnd();
        if (found != null) {
            return found;
        }
        if (unknownKey != null) {
            return unknown.apply(unknownKey, unknownValue);
        }
        throw new CborException(kind + " frame has no non-null variant");
    }

    /** Decodes the variant value for a known key, or returns null (consuming nothing) for an unknown key. */
    private static Response decodeResponseVariant(String k, CborReader r) {
        switch (k) {
            case Responses.SessionTokenReply.KEY: return sessionTokenReply(r);
            case Responses.ShutdownEvent.KEY: emptyVariant(r); return new Responses.ShutdownEvent();
            case Responses.ConnectionStatusEvent.KEY: return connectionStatus(r);
            case Responses.NewPkiDocumentEvent.KEY: return newPkiDocument(r);
            case Responses.MessageSentEvent.KEY: return messageSent(r);
            case Responses.MessageReplyEvent.KEY: return messageReply(r);
            case Responses.MessageIdGarbageCollected.KEY: return messageIdGc(r);
            case Responses.NewKeypairReply.KEY: return newKeypairReply(r);
            case Responses.EncryptReadReply.KEY: return encryptReply(r, true);
            case Responses.EncryptWriteReply.KEY: return encryptReply(r, false);
            case Responses.StartResendingEncryptedMessageReply.KEY: return startResendingReply(r);
            case Responses.CancelResendingEncryptedMessageReply.KEY: return cancelReply(r, true);
            case Responses.StartResendingCopyCommandReply.KEY: return startCopyReply(r);
            case Responses.CancelResendingCopyCommandReply.KEY: return cancelReply(r, false);
            case Responses.NextMessageBoxIndexReply.KEY: return nextIndexReply(r);
            case Responses.GetMessageBoxIndexCounterReply.KEY: return counterReply(r);
            case Responses.GetPkiDocumentReply.KEY: return getPkiReply(r);
            case Responses.GetDirectoryAuthoritiesReply.KEY: return authoritiesReply(r);
            case Responses.CreateCourierEnvelopesFromPayloadReply.KEY: return envelopesReply(r, 0);
            case Responses.CreateCourierEnvelopesFromMultiPayloadReply.KEY: return envelopesReply(r, 1);
            case Responses.CreateCourierEnvelopesFromTombstoneRangeReply.KEY: return envelopesReply(r, 2);
            case Responses.VoucherMintReply.KEY: return voucherMintReply(r);
            case Responses.VoucherInductReply.KEY: return voucherInductReply(r);
            case Responses.VoucherOpenReply.KEY: return voucherOpenReply(r);
            case Responses.VoucherDeriveStreamReply.KEY: return voucherDeriveReply(r);
            default: return null;
        }
    }

    /** A variant with no fields (any entries are ignored). */
    private static void emptyVariant(CborReader r) {
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            r.skip();
            r.skip();
        }
    }

    private static Response sessionTokenReply(CborReader r) {
        byte[] appId = null;
        boolean resumed = false;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, FIELD_KEYS);
            if (f == null) {
                continue;
            }
            switch (f) {
                case APP_ID: appId = fixed(r, WireSizes.TOKEN, APP_ID); break;
                case RESUMED: resumed = r.readBool(); break;
                default: r.skip();
            }
        }
        return new Responses.SessionTokenReply(appId, resumed);
    }

    private static Response connectionStatus(CborReader r) {
        boolean connected = false;
        byte[] token = null;
        SphinxGeometry sphinx = null;
        PigeonholeGeometry pigeonhole = null;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, FIELD_KEYS);
            if (f == null) {
                continue;
            }
            switch (f) {
                case IS_CONNECTED: connected = r.readBool(); break;
                case INSTANCE_TOKEN: token = fixed(r, WireSizes.TOKEN, INSTANCE_TOKEN); break;
                case SPHINX_GEOMETRY: sphinx = readSphinx(r); break;
                case PIGEONHOLE_GEOMETRY: pigeonhole = readPigeonhole(r); break;
                default: r.skip(); // includes err: always null, "any value, ignore it"
            }
        }
        return new Responses.ConnectionStatusEvent(connected, token, sphinx, pigeonhole);
    }

    private static SphinxGeometry readSphinx(CborReader r) {
        int packet = 0;
        int hops = 0;
        int header = 0;
        int routing = 0;
        int perHop = 0;
        int surb = 0;
        int plainHeader = 0;
        int tag = 0;
        int forward = 0;
        int userForward = 0;
        int nextHop = 0;
        int sprp = 0;
        String nike = null;
        String kem = null;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, GEOMETRY_KEYS);
            if (f == null) {
                continue;
            }
            switch (f) {
                case G_PACKET_LENGTH: packet = int32(r, f); break;
                case G_NR_HOPS: hops = int32(r, f); break;
                case G_HEADER_LENGTH: header = int32(r, f); break;
                case G_ROUTING_INFO_LENGTH: routing = int32(r, f); break;
                case G_PER_HOP_ROUTING_INFO_LENGTH: perHop = int32(r, f); break;
                case G_SURB_LENGTH: surb = int32(r, f); break;
                case G_SPHINX_PLAINTEXT_HEADER_LENGTH: plainHeader = int32(r, f); break;
                case G_PAYLOAD_TAG_LENGTH: tag = int32(r, f); break;
                case G_FORWARD_PAYLOAD_LENGTH: forward = int32(r, f); break;
                case G_USER_FORWARD_PAYLOAD_LENGTH: userForward = int32(r, f); break;
                case G_NEXT_NODE_HOP_LENGTH: nextHop = int32(r, f); break;
                case G_SPRP_KEY_MATERIAL_LENGTH: sprp = int32(r, f); break;
                case G_NIKE_NAME: nike = r.readText(); break;
                case G_KEM_NAME: kem = r.readText(); break;
                default: r.skip();
            }
        }
        return new SphinxGeometry(packet, hops, header, routing, perHop, surb, plainHeader, tag, forward,
                userForward, nextHop, sprp, nike, kem);
    }

    private static PigeonholeGeometry readPigeonhole(CborReader r) {
        int maxPlain = 0;
        int qRead = 0;
        int qWrite = 0;
        int qReplyRead = 0;
        int qReplyWrite = 0;
        String nike = null;
        String sig = null;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, GEOMETRY_KEYS);
            if (f == null) {
                continue;
            }
            switch (f) {
                case G_MAX_PLAINTEXT_PAYLOAD_LENGTH: maxPlain = int32(r, f); break;
                case G_COURIER_QUERY_READ_LENGTH: qRead = int32(r, f); break;
                case G_COURIER_QUERY_WRITE_LENGTH: qWrite = int32(r, f); break;
                case G_COURIER_QUERY_REPLY_READ_LENGTH: qReplyRead = int32(r, f); break;
                case G_COURIER_QUERY_REPLY_WRITE_LENGTH: qReplyWrite = int32(r, f); break;
                case G_NIKE_NAME: nike = r.readText(); break;
                case G_SIGNATURE_SCHEME_NAME: sig = r.readText(); break;
                default: r.skip();
            }
        }
        return new PigeonholeGeometry(maxPlain, qRead, qWrite, qReplyRead, qReplyWrite, nike, sig);
    }

    private static Response newPkiDocument(CborReader r) {
        byte[] payload = null;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, FIELD_KEYS);
            if (f == null) {
                continue;
            }
            if (f.equals(PAYLOAD)) {
                payload = r.readBytes();
            } else {
                r.skip();
            }
        }
        return new Responses.NewPkiDocumentEvent(payload);
    }

    private static Response messageSent(CborReader r) {
        byte[] messageId = null;
        byte[] surbId = null;
        long sentAt = 0;
        long eta = 0;
        String err = null;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, FIELD_KEYS);
            if (f == null) {
                continue;
            }
            switch (f) {
                case MESSAGE_ID: messageId = fixed(r, WireSizes.MESSAGE_ID, MESSAGE_ID); break;
                case SURBID: surbId = fixed(r, WireSizes.SURB_ID, SURBID); break;
                case SENT_AT: sentAt = r.readInt(); break;
                case REPLY_ETA: eta = r.readInt(); break;
                case ERR: {
                    String e = r.readText();
                    err = e.isEmpty() ? null : e; // omitempty on the Go side: "" and absent mean the same
                    break;
                }
                default: r.skip();
            }
        }
        return new Responses.MessageSentEvent(messageId, surbId, sentAt, eta, err);
    }

    private static Response messageReply(CborReader r) {
        byte[] messageId = null;
        byte[] surbId = null;
        byte[] payload = null;
        Integer replyIndex = null;
        int errorCode = 0;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, FIELD_KEYS);
            if (f == null) {
                continue;
            }
            switch (f) {
                case MESSAGE_ID: messageId = fixed(r, WireSizes.MESSAGE_ID, MESSAGE_ID); break;
                case SURBID: surbId = fixed(r, WireSizes.SURB_ID, SURBID); break;
                case PAYLOAD: payload = r.readBytes(); break;
                case REPLY_INDEX: replyIndex = uint8(r, REPLY_INDEX); break;
                case ERROR_CODE: errorCode = uint8(r, ERROR_CODE); break;
                default: r.skip();
            }
        }
        return new Responses.MessageReplyEvent(messageId, surbId, payload, replyIndex, errorCode);
    }

    private static Response messageIdGc(CborReader r) {
        byte[] messageId = null;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, FIELD_KEYS);
            if (f == null) {
                continue;
            }
            if (f.equals(MESSAGE_ID)) {
                messageId = fixed(r, WireSizes.MESSAGE_ID, MESSAGE_ID);
            } else {
                r.skip();
            }
        }
        return new Responses.MessageIdGarbageCollected(messageId);
    }

    private static Response newKeypairReply(CborReader r) {
        byte[] queryId = null;
        byte[] writeCap = null;
        byte[] readCap = null;
        byte[] first = null;
        int errorCode = 0;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, FIELD_KEYS);
            if (f == null) {
                continue;
            }
            switch (f) {
                case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                case WRITE_CAP: writeCap = fixed(r, WireSizes.WRITE_CAP, WRITE_CAP); break;
                case READ_CAP: readCap = fixed(r, WireSizes.READ_CAP, READ_CAP); break;
                case FIRST_MESSAGE_INDEX:
                    first = fixed(r, WireSizes.MESSAGE_BOX_INDEX, FIRST_MESSAGE_INDEX);
                    break;
                case ERROR_CODE: errorCode = uint8(r, ERROR_CODE); break;
                default: r.skip();
            }
        }
        return new Responses.NewKeypairReply(queryId, writeCap, readCap, first, errorCode);
    }

    private static Response encryptReply(CborReader r, boolean read) {
        byte[] queryId = null;
        byte[] ciphertext = null;
        byte[] descriptor = null;
        byte[] envelopeHash = null;
        byte[] next = null;
        int errorCode = 0;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, FIELD_KEYS);
            if (f == null) {
                continue;
            }
            switch (f) {
                case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                case MESSAGE_CIPHERTEXT: ciphertext = r.readBytes(); break;
                case ENVELOPE_DESCRIPTOR: descriptor = r.readBytes(); break;
                case ENVELOPE_HASH: envelopeHash = fixed(r, WireSizes.HASH, ENVELOPE_HASH); break;
                case NEXT_MESSAGE_BOX_INDEX:
                    next = fixed(r, WireSizes.MESSAGE_BOX_INDEX, NEXT_MESSAGE_BOX_INDEX);
                    break;
                case ERROR_CODE: errorCode = uint8(r, ERROR_CODE); break;
                default: r.skip();
            }
        }
        return read
                ? new Responses.EncryptReadReply(queryId, ciphertext, descriptor, envelopeHash, next, errorCode)
                : new Responses.EncryptWriteReply(queryId, ciphertext, descriptor, envelopeHash, next, errorCode);
    }

    private static Response startResendingReply(CborReader r) {
        byte[] queryId = null;
        byte[] plaintext = null;
        int errorCode = 0;
        byte[] courierHash = null;
        byte[] courierQueue = null;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, FIELD_KEYS);
            if (f == null) {
                continue;
            }
            switch (f) {
                case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                case PLAINTEXT: plaintext = r.readBytes(); break;
                case ERROR_CODE: errorCode = uint8(r, ERROR_CODE); break;
                case COURIER_IDENTITY_HASH: courierHash = fixed(r, WireSizes.HASH, COURIER_IDENTITY_HASH); break;
                case COURIER_QUEUE_ID: courierQueue = r.readBytes(); break;
                default: r.skip();
            }
        }
        return new Responses.StartResendingEncryptedMessageReply(queryId, plaintext, errorCode, courierHash,
                courierQueue);
    }

    private static Response cancelReply(CborReader r, boolean encrypted) {
        byte[] queryId = null;
        int errorCode = 0;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, FIELD_KEYS);
            if (f == null) {
                continue;
            }
            switch (f) {
                case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                case ERROR_CODE: errorCode = uint8(r, ERROR_CODE); break;
                default: r.skip();
            }
        }
        return encrypted
                ? new Responses.CancelResendingEncryptedMessageReply(queryId, errorCode)
                : new Responses.CancelResendingCopyCommandReply(queryId, errorCode);
    }

    private static Response startCopyReply(CborReader r) {
        byte[] queryId = null;
        int errorCode = 0;
        int replicaCode = 0;
        long failedIndex = 0;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, FIELD_KEYS);
            if (f == null) {
                continue;
            }
            switch (f) {
                case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                case ERROR_CODE: errorCode = uint8(r, ERROR_CODE); break;
                case REPLICA_ERROR_CODE: replicaCode = uint8(r, REPLICA_ERROR_CODE); break;
                case FAILED_ENVELOPE_INDEX: failedIndex = r.readUint64Bits(); break;
                default: r.skip();
            }
        }
        return new Responses.StartResendingCopyCommandReply(queryId, errorCode, replicaCode, failedIndex);
    }

    private static Response nextIndexReply(CborReader r) {
        byte[] queryId = null;
        byte[] next = null;
        int errorCode = 0;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, FIELD_KEYS);
            if (f == null) {
                continue;
            }
            switch (f) {
                case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                case NEXT_MESSAGE_BOX_INDEX:
                    next = fixed(r, WireSizes.MESSAGE_BOX_INDEX, NEXT_MESSAGE_BOX_INDEX);
                    break;
                case ERROR_CODE: errorCode = uint8(r, ERROR_CODE); break;
                default: r.skip();
            }
        }
        return new Responses.NextMessageBoxIndexReply(queryId, next, errorCode);
    }

    private static Response counterReply(CborReader r) {
        byte[] queryId = null;
        long counter = 0;
        int errorCode = 0;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, FIELD_KEYS);
            if (f == null) {
                continue;
            }
            switch (f) {
                case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                case COUNTER: counter = r.readUint64Bits(); break;
                case ERROR_CODE: errorCode = uint8(r, ERROR_CODE); break;
                default: r.skip();
            }
        }
        return new Responses.GetMessageBoxIndexCounterReply(queryId, counter, errorCode);
    }

    private static Response getPkiReply(CborReader r) {
        byte[] queryId = null;
        byte[] payload = null;
        long epoch = 0;
        int errorCode = 0;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, FIELD_KEYS);
            if (f == null) {
                continue;
            }
            switch (f) {
                case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                case PAYLOAD: payload = r.readBytes(); break;
                case EPOCH: epoch = r.readUint64Bits(); break;
                case ERROR_CODE: errorCode = uint8(r, ERROR_CODE); break;
                default: r.skip();
            }
        }
        return new Responses.GetPkiDocumentReply(queryId, payload, epoch, errorCode);
    }

    private static Response authoritiesReply(CborReader r) {
        byte[] queryId = null;
        List<Map<Object, Object>> authorities = null;
        int errorCode = 0;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, FIELD_KEYS);
            if (f == null) {
                continue;
            }
            switch (f) {
                case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                case AUTHORITIES: authorities = mapList(r, AUTHORITIES); break;
                case ERROR_CODE: errorCode = uint8(r, ERROR_CODE); break;
                default: r.skip();
            }
        }
        return new Responses.GetDirectoryAuthoritiesReply(queryId, authorities, errorCode);
    }

    /** kind: 0 = from payload, 1 = from multi payload, 2 = from tombstone range. */
    private static Response envelopesReply(CborReader r, int kind) {
        byte[] queryId = null;
        List<byte[]> envelopes = null;
        byte[] buffer = null;
        byte[] nextIndex = null;
        List<byte[]> nextIndices = null;
        int errorCode = 0;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, FIELD_KEYS);
            if (f == null) {
                continue;
            }
            switch (f) {
                case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                case ENVELOPES: envelopes = byteList(r, -1, ENVELOPES); break;
                case BUFFER:
                    if (kind == 0) {
                        r.skip();
                    } else {
                        buffer = r.readBytes();
                    }
                    break;
                case NEXT_DEST_INDEX:
                    if (kind == 1) {
                        r.skip();
                    } else {
                        nextIndex = fixed(r, WireSizes.MESSAGE_BOX_INDEX, NEXT_DEST_INDEX);
                    }
                    break;
                case NEXT_DEST_INDICES:
                    if (kind == 1) {
                        nextIndices = byteList(r, WireSizes.MESSAGE_BOX_INDEX, NEXT_DEST_INDICES);
                    } else {
                        r.skip();
                    }
                    break;
                case ERROR_CODE: errorCode = uint8(r, ERROR_CODE); break;
                default: r.skip();
            }
        }
        switch (kind) {
            case 0: return new Responses.CreateCourierEnvelopesFromPayloadReply(queryId, envelopes, nextIndex,
                    errorCode);
            case 1: return new Responses.CreateCourierEnvelopesFromMultiPayloadReply(queryId, envelopes, buffer,
                    nextIndices, errorCode);
            default: return new Responses.CreateCourierEnvelopesFromTombstoneRangeReply(queryId, envelopes, buffer,
                    nextIndex, errorCode);
        }
    }

    private static Response voucherMintReply(CborReader r) {
        byte[] queryId = null;
        byte[] voucher = null;
        byte[] payload = null;
        byte[] writeCap = null;
        byte[] readCap = null;
        byte[] secret = null;
        byte[] pub = null;
        int errorCode = 0;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, FIELD_KEYS);
            if (f == null) {
                continue;
            }
            switch (f) {
                case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                case VOUCHER: voucher = fixed(r, WireSizes.VOUCHER, VOUCHER); break;
                case VOUCHER_PAYLOAD: payload = r.readBytes(); break;
                case VOUCHER_WRITE_CAP: writeCap = fixed(r, WireSizes.WRITE_CAP, VOUCHER_WRITE_CAP); break;
                case VOUCHER_READ_CAP: readCap = fixed(r, WireSizes.READ_CAP, VOUCHER_READ_CAP); break;
                case VOUCHER_SECRET_KEY: secret = r.readBytes(); break;
                case VOUCHER_PUBLIC_KEY: pub = r.readBytes(); break;
                case ERROR_CODE: errorCode = uint8(r, ERROR_CODE); break;
                default: r.skip();
            }
        }
        return new Responses.VoucherMintReply(queryId, voucher, payload, writeCap, readCap, secret, pub, errorCode);
    }

    private static Response voucherInductReply(CborReader r) {
        byte[] queryId = null;
        String displayName = null;
        byte[] mutatedReadCap = null;
        byte[] sealed = null;
        byte[] writeCap = null;
        byte[] readCap = null;
        byte[] salt = null;
        int errorCode = 0;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, FIELD_KEYS);
            if (f == null) {
                continue;
            }
            switch (f) {
                case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                case DISPLAY_NAME: displayName = r.readText(); break;
                case MUTATED_MESSAGE_READ_CAP:
                    mutatedReadCap = fixed(r, WireSizes.READ_CAP, MUTATED_MESSAGE_READ_CAP);
                    break;
                case SEALED_REPLY: sealed = r.readBytes(); break;
                case VOUCHER_WRITE_CAP: writeCap = fixed(r, WireSizes.WRITE_CAP, VOUCHER_WRITE_CAP); break;
                case VOUCHER_READ_CAP: readCap = fixed(r, WireSizes.READ_CAP, VOUCHER_READ_CAP); break;
                case SALT: salt = fixed(r, WireSizes.SALT, SALT); break;
                case ERROR_CODE: errorCode = uint8(r, ERROR_CODE); break;
                default: r.skip();
            }
        }
        return new Responses.VoucherInductReply(queryId, displayName, mutatedReadCap, sealed, writeCap, readCap,
                salt, errorCode);
    }

    private static Response voucherOpenReply(CborReader r) {
        byte[] queryId = null;
        byte[] whoReply = null;
        byte[] salt = null;
        byte[] mutatedWriteCap = null;
        int errorCode = 0;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, FIELD_KEYS);
            if (f == null) {
                continue;
            }
            switch (f) {
                case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                case WHO_REPLY: whoReply = r.readBytes(); break;
                case SALT: salt = fixed(r, WireSizes.SALT, SALT); break;
                case MUTATED_MESSAGE_WRITE_CAP:
                    mutatedWriteCap = fixed(r, WireSizes.WRITE_CAP, MUTATED_MESSAGE_WRITE_CAP);
                    break;
                case ERROR_CODE: errorCode = uint8(r, ERROR_CODE); break;
                default: r.skip();
            }
        }
        return new Responses.VoucherOpenReply(queryId, whoReply, salt, mutatedWriteCap, errorCode);
    }

    private static Response voucherDeriveReply(CborReader r) {
        byte[] queryId = null;
        byte[] writeCap = null;
        byte[] readCap = null;
        int errorCode = 0;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, FIELD_KEYS);
            if (f == null) {
                continue;
            }
            switch (f) {
                case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                case VOUCHER_WRITE_CAP: writeCap = fixed(r, WireSizes.WRITE_CAP, VOUCHER_WRITE_CAP); break;
                case VOUCHER_READ_CAP: readCap = fixed(r, WireSizes.READ_CAP, VOUCHER_READ_CAP); break;
                case ERROR_CODE: errorCode = uint8(r, ERROR_CODE); break;
                default: r.skip();
            }
        }
        return new Responses.VoucherDeriveStreamReply(queryId, writeCap, readCap, errorCode);
    }

    // =====================================================================================================
    // Decoding: requests (what kpclientd would accept; used by the testkit's simulated daemon)
    // =====================================================================================================

    /**
     * Decodes one client frame body. A non-null variant this library does not know (with no known one beside
     * it) comes back as {@link Requests.Unknown}.
     *
     * @throws CborException on malformed CBOR, a wrong type or size, trailing bytes, no variant, or two known
     *     variants
     */
    public Request decodeRequest(byte[] body) {
        return decodeVariant(reader(body), REQUEST_KEYS, "request", WireCodec::decodeRequestVariant,
                Requests.Unknown::new);
    }

    private static Request decodeRequestVariant(String k, CborReader r) {
        switch (k) {
            case Requests.ThinClose.KEY: emptyVariant(r); return new Requests.ThinClose();
            case Requests.SessionToken.KEY: case Requests.SendMessage.KEY: case Requests.NewKeypair.KEY:
            case Requests.EncryptRead.KEY: case Requests.EncryptWrite.KEY:
            case Requests.StartResendingEncryptedMessage.KEY: case Requests.CancelResendingEncryptedMessage.KEY:
            case Requests.StartResendingCopyCommand.KEY: case Requests.CancelResendingCopyCommand.KEY:
            case Requests.NextMessageBoxIndex.KEY: case Requests.GetMessageBoxIndexCounter.KEY:
            case Requests.CreateCourierEnvelopesFromPayload.KEY:
            case Requests.CreateCourierEnvelopesFromMultiPayload.KEY:
            case Requests.CreateCourierEnvelopesFromTombstoneRange.KEY: case Requests.GetPkiDocument.KEY:
            case Requests.GetDirectoryAuthorities.KEY: case Requests.VoucherMint.KEY: case Requests.VoucherInduct.KEY:
            case Requests.VoucherOpen.KEY: case Requests.VoucherDeriveStream.KEY:
                return new RequestFields(r).build(k);
            default: return null;
        }
    }

    /**
     * Request decoding reads every known field into one scratch holder and then builds the variant: requests
     * are decoded far less often than responses (only by the simulated daemon), so brevity wins here.
     */
    private static final class RequestFields {
        byte[] queryId;
        byte[] token;
        byte[] id;
        boolean withSurb;
        byte[] surbId;
        byte[] destinationIdHash;
        byte[] recipientQueueId;
        byte[] payload;
        byte[] seed;
        byte[] readCap;
        byte[] writeCap;
        byte[] messageBoxIndex;
        byte[] plaintext;
        Integer replyIndex;
        byte[] envelopeDescriptor;
        byte[] messageCiphertext;
        byte[] envelopeHash;
        boolean noRetry;
        boolean noIdempotent;
        byte[] courierIdentityHash;
        byte[] courierQueueId;
        byte[] writeCapHash;
        byte[] destWriteCap;
        byte[] destStartIndex;
        boolean isStart;
        boolean isLast;
        List<EnvelopeDestination> destinations;
        byte[] buffer;
        long maxCount;
        long epoch;
        byte[] messageWriteCap;
        String displayName;
        byte[] voucher;
        byte[] voucherPayload;
        byte[] whoReply;
        byte[] voucherSecretKey;
        byte[] sealedReply;

        RequestFields(CborReader r) {
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r, FIELD_KEYS);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case CLIENT_INSTANCE_TOKEN: token = fixed(r, WireSizes.TOKEN, CLIENT_INSTANCE_TOKEN); break;
                    case ID: id = fixed(r, WireSizes.MESSAGE_ID, ID); break;
                    case WITH_SURB: withSurb = r.readBool(); break;
                    case SURBID: surbId = fixed(r, WireSizes.SURB_ID, SURBID); break;
                    case DESTINATION_ID_HASH: destinationIdHash = fixed(r, WireSizes.HASH, DESTINATION_ID_HASH); break;
                    case RECIPIENT_QUEUE_ID: recipientQueueId = queueId(r, RECIPIENT_QUEUE_ID); break;
                    case PAYLOAD: payload = r.readBytes(); break;
                    case SEED: seed = r.readBytes(); break;
                    case READ_CAP: readCap = fixed(r, WireSizes.READ_CAP, READ_CAP); break;
                    case WRITE_CAP: writeCap = fixed(r, WireSizes.WRITE_CAP, WRITE_CAP); break;
                    case MESSAGE_BOX_INDEX:
                        messageBoxIndex = fixed(r, WireSizes.MESSAGE_BOX_INDEX, MESSAGE_BOX_INDEX);
                        break;
                    case PLAINTEXT: plaintext = r.readBytes(); break;
                    case REPLY_INDEX: replyIndex = uint8(r, REPLY_INDEX); break;
                    case ENVELOPE_DESCRIPTOR: envelopeDescriptor = r.readBytes(); break;
                    case MESSAGE_CIPHERTEXT: messageCiphertext = r.readBytes(); break;
                    case ENVELOPE_HASH: envelopeHash = fixed(r, WireSizes.HASH, ENVELOPE_HASH); break;
                    case NO_RETRY_ON_BOX_ID_NOT_FOUND: noRetry = r.readBool(); break;
                    case NO_IDEMPOTENT_BOX_ALREADY_EXISTS: noIdempotent = r.readBool(); break;
                    case COURIER_IDENTITY_HASH:
                        courierIdentityHash = fixed(r, WireSizes.HASH, COURIER_IDENTITY_HASH);
                        break;
                    case COURIER_QUEUE_ID: {
                        // omitempty on the Go side: empty means unset; otherwise at most 32 bytes
                        byte[] b = r.readBytes();
                        if (b.length > WireSizes.RECIPIENT_QUEUE_ID_MAX) {
                            throw new CborException(COURIER_QUEUE_ID + ": expected at most "
                                    + WireSizes.RECIPIENT_QUEUE_ID_MAX + " bytes, got " + b.length);
                        }
                        courierQueueId = b.length == 0 ? null : b;
                        break;
                    }
                    case WRITE_CAP_HASH: writeCapHash = fixed(r, WireSizes.HASH, WRITE_CAP_HASH); break;
                    case DEST_WRITE_CAP: destWriteCap = fixed(r, WireSizes.WRITE_CAP, DEST_WRITE_CAP); break;
                    case DEST_START_INDEX:
                        destStartIndex = fixed(r, WireSizes.MESSAGE_BOX_INDEX, DEST_START_INDEX);
                        break;
                    case IS_START: isStart = r.readBool(); break;
                    case IS_LAST: isLast = r.readBool(); break;
                    case DESTINATIONS: destinations = destinations(r); break;
                    case BUFFER: buffer = r.readBytes(); break;
                    case MAX_COUNT: {
                        long v = r.readUint64Bits();
                        if (v < 0 || v > WireSizes.MAX_COUNT_MAX) {
                            throw new CborException(MAX_COUNT + ": expected a uint32, got " + Long.toUnsignedString(v));
                        }
                        maxCount = v;
                        break;
                    }
                    case EPOCH: epoch = r.readUint64Bits(); break;
                    case MESSAGE_WRITE_CAP:
                        messageWriteCap = fixed(r, WireSizes.WRITE_CAP, MESSAGE_WRITE_CAP);
                        break;
                    case DISPLAY_NAME: displayName = r.readText(); break;
                    case VOUCHER: voucher = fixed(r, WireSizes.VOUCHER, VOUCHER); break;
                    case VOUCHER_PAYLOAD: voucherPayload = r.readBytes(); break;
                    case WHO_REPLY: whoReply = r.readBytes(); break;
                    case VOUCHER_SECRET_KEY: voucherSecretKey = r.readBytes(); break;
                    case SEALED_REPLY: sealedReply = r.readBytes(); break;
                    default: r.skip();
                }
            }
        }

        private static List<EnvelopeDestination> destinations(CborReader r) {
            long n = r.readArrayHeader();
            List<EnvelopeDestination> out = new ArrayList<>(n < 0 ? 4 : (int) Math.min(n, 256));
            for (long i = 0; r.hasNext(n, i); i++) {
                if (r.tryNull()) {
                    out.add(null);
                    continue;
                }
                byte[] payload = null;
                byte[] writeCap = null;
                byte[] startIndex = null;
                long m = r.readMapHeader();
                for (long j = 0; r.hasNext(m, j); j++) {
                    String f = field(r, FIELD_KEYS);
                    if (f == null) {
                        continue;
                    }
                    switch (f) {
                        case PAYLOAD: payload = r.readBytes(); break;
                        case WRITE_CAP: writeCap = fixed(r, WireSizes.WRITE_CAP, WRITE_CAP); break;
                        case START_INDEX: startIndex = fixed(r, WireSizes.MESSAGE_BOX_INDEX, START_INDEX); break;
                        default: r.skip();
                    }
                }
                out.add(new EnvelopeDestination(payload, writeCap, startIndex));
            }
            return Collections.unmodifiableList(out);
        }

        Request build(String k) {
            switch (k) {
                case Requests.SessionToken.KEY: return new Requests.SessionToken(token);
                case Requests.SendMessage.KEY:
                    return new Requests.SendMessage(id, withSurb, surbId, destinationIdHash, recipientQueueId, payload);
                case Requests.NewKeypair.KEY: return new Requests.NewKeypair(queryId, seed);
                case Requests.EncryptRead.KEY: return new Requests.EncryptRead(queryId, readCap, messageBoxIndex);
                case Requests.EncryptWrite.KEY:
                    return new Requests.EncryptWrite(queryId, plaintext, writeCap, messageBoxIndex);
                case Requests.StartResendingEncryptedMessage.KEY:
                    return new Requests.StartResendingEncryptedMessage(queryId, readCap, writeCap, messageBoxIndex,
                            replyIndex, envelopeDescriptor, messageCiphertext, envelopeHash, noRetry, noIdempotent);
                case Requests.CancelResendingEncryptedMessage.KEY:
                    return new Requests.CancelResendingEncryptedMessage(queryId, envelopeHash);
                case Requests.StartResendingCopyCommand.KEY:
                    return new Requests.StartResendingCopyCommand(queryId, writeCap, courierIdentityHash,
                            courierQueueId);
                case Requests.CancelResendingCopyCommand.KEY:
                    return new Requests.CancelResendingCopyCommand(queryId, writeCapHash);
                case Requests.NextMessageBoxIndex.KEY: return new Requests.NextMessageBoxIndex(queryId, messageBoxIndex);
                case Requests.GetMessageBoxIndexCounter.KEY:
                    return new Requests.GetMessageBoxIndexCounter(queryId, messageBoxIndex);
                case Requests.CreateCourierEnvelopesFromPayload.KEY:
                    return new Requests.CreateCourierEnvelopesFromPayload(queryId, payload, destWriteCap,
                            destStartIndex, isStart, isLast);
                case Requests.CreateCourierEnvelopesFromMultiPayload.KEY:
                    return new Requests.CreateCourierEnvelopesFromMultiPayload(queryId, destinations, isStart, isLast,
                            buffer);
                case Requests.CreateCourierEnvelopesFromTombstoneRange.KEY:
                    return new Requests.CreateCourierEnvelopesFromTombstoneRange(queryId, destWriteCap, destStartIndex,
                            maxCount, isStart, isLast, buffer);
                case Requests.GetPkiDocument.KEY: return new Requests.GetPkiDocument(queryId, epoch);
                case Requests.GetDirectoryAuthorities.KEY: return new Requests.GetDirectoryAuthorities(queryId);
                case Requests.VoucherMint.KEY: return new Requests.VoucherMint(queryId, messageWriteCap, displayName);
                case Requests.VoucherInduct.KEY:
                    return new Requests.VoucherInduct(queryId, voucher, voucherPayload, whoReply);
                case Requests.VoucherOpen.KEY:
                    return new Requests.VoucherOpen(queryId, voucherSecretKey, sealedReply, messageWriteCap);
                case Requests.VoucherDeriveStream.KEY: return new Requests.VoucherDeriveStream(queryId, voucher);
                default: throw new CborException("unhandled request variant " + k);
            }
        }
    }
}
