package org.katzenpost.thin.internal.wire;

import static org.katzenpost.thin.internal.wire.WireFields.*;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborWriter;

/**
 * The request variants (client → daemon) of docs/protocol.md#requests: one record each, and each record is the
 * one home of its kind: its wire key, how the client writes it ({@code writeBody}) and how a daemon reads it
 * ({@code decode}, used by the testkit's simulated daemon). Adding a kind means a record here and its entry in
 * {@link #decodeVariant}. Byte-array components are held as given (no defensive copies: an internal wire model);
 * {@code null} means CBOR null. Sizes are checked when encoding and decoding.
 */
public final class Requests {
    private Requests() {}

    /** One thin-client request variant (client → daemon). */
    public sealed interface Request {
        /** The top-level map key naming this variant on the wire. */
        String wireKey();

        /** Writes the variant's value (the inner map). @throws IllegalArgumentException on a wrong size */
        void writeBody(CborWriter w);

        /** Bytes of variable-length payload this request carries, to size the encoding buffer. */
        default int payloadSize() {
            return 0;
        }
    }

    /** A request correlated with its reply by a 16-byte {@code query_id}. */
    public sealed interface QueryRequest extends Request {
        /** The request's {@code query_id}. */
        byte[] queryId();
    }

    /** Every request key this library models. */
    public static final List<String> KEYS = List.of(
            SessionToken.KEY, ThinClose.KEY, SendMessage.KEY, NewKeypair.KEY, EncryptRead.KEY, EncryptWrite.KEY,
            StartResendingEncryptedMessage.KEY, CancelResendingEncryptedMessage.KEY, StartResendingCopyCommand.KEY,
            CancelResendingCopyCommand.KEY, NextMessageBoxIndex.KEY, GetMessageBoxIndexCounter.KEY,
            CreateCourierEnvelopesFromPayload.KEY, CreateCourierEnvelopesFromMultiPayload.KEY,
            CreateCourierEnvelopesFromTombstoneRange.KEY, GetPkiDocument.KEY, GetDirectoryAuthorities.KEY,
            VoucherMint.KEY, VoucherInduct.KEY, VoucherOpen.KEY, VoucherDeriveStream.KEY);

    /** Decodes the value of a known variant key (daemon side), or returns null, consuming nothing, for another. */
    static Request decodeVariant(String key, CborReader r) {
        switch (key) {
            case SessionToken.KEY: return SessionToken.decode(r);
            case ThinClose.KEY: emptyVariant(r); return new ThinClose();
            case SendMessage.KEY: return SendMessage.decode(r);
            case NewKeypair.KEY: return NewKeypair.decode(r);
            case EncryptRead.KEY: return EncryptRead.decode(r);
            case EncryptWrite.KEY: return EncryptWrite.decode(r);
            case StartResendingEncryptedMessage.KEY: return StartResendingEncryptedMessage.decode(r);
            case CancelResendingEncryptedMessage.KEY: return CancelResendingEncryptedMessage.decode(r);
            case StartResendingCopyCommand.KEY: return StartResendingCopyCommand.decode(r);
            case CancelResendingCopyCommand.KEY: return CancelResendingCopyCommand.decode(r);
            case NextMessageBoxIndex.KEY: return NextMessageBoxIndex.decode(r);
            case GetMessageBoxIndexCounter.KEY: return GetMessageBoxIndexCounter.decode(r);
            case CreateCourierEnvelopesFromPayload.KEY: return CreateCourierEnvelopesFromPayload.decode(r);
            case CreateCourierEnvelopesFromMultiPayload.KEY: return CreateCourierEnvelopesFromMultiPayload.decode(r);
            case CreateCourierEnvelopesFromTombstoneRange.KEY:
                return CreateCourierEnvelopesFromTombstoneRange.decode(r);
            case GetPkiDocument.KEY: return GetPkiDocument.decode(r);
            case GetDirectoryAuthorities.KEY: return GetDirectoryAuthorities.decode(r);
            case VoucherMint.KEY: return VoucherMint.decode(r);
            case VoucherInduct.KEY: return VoucherInduct.decode(r);
            case VoucherOpen.KEY: return VoucherOpen.decode(r);
            case VoucherDeriveStream.KEY: return VoucherDeriveStream.decode(r);
            default: return null;
        }
    }

    /** Reads a request that carries nothing but its {@code query_id}. */
    private static byte[] queryIdOnly(CborReader r) {
        byte[] queryId = null;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r);
            if (f == null) {
                continue;
            }
            if (f.equals(QUERY_ID)) {
                queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID);
            } else {
                r.skip();
            }
        }
        return queryId;
    }

    /** First request after connecting: the client's 16-byte instance token. Reply: session_token_reply. */
    public record SessionToken(byte[] clientInstanceToken) implements Request {
        public static final String KEY = "session_token";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(1);
            fixed(w, CLIENT_INSTANCE_TOKEN, clientInstanceToken, WireSizes.TOKEN);
        }

        static SessionToken decode(CborReader r) {
            byte[] token = null;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                if (f.equals(CLIENT_INSTANCE_TOKEN)) {
                    token = fixed(r, WireSizes.TOKEN, CLIENT_INSTANCE_TOKEN);
                } else {
                    r.skip();
                }
            }
            return new SessionToken(token);
        }
    }

    /** Polite disconnect; encoded as {@code {"thin_close": {}}}. No reply. */
    public record ThinClose() implements Request {
        public static final String KEY = "thin_close";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(0);
        }
    }

    /** Legacy Sphinx send. {@code surbId} is required when {@code withSurb}, null otherwise. */
    public record SendMessage(byte[] id, boolean withSurb, byte[] surbId, byte[] destinationIdHash,
            byte[] recipientQueueId, byte[] payload) implements Request {
        public static final String KEY = "send_message";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public int payloadSize() {
            return len(payload);
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(6);
            fixed(w, ID, id, WireSizes.MESSAGE_ID);
            w.text(WITH_SURB).bool(withSurb);
            fixed(w, SURBID, surbId, WireSizes.SURB_ID);
            fixed(w, DESTINATION_ID_HASH, destinationIdHash, WireSizes.HASH);
            queueId(w, RECIPIENT_QUEUE_ID, recipientQueueId);
            bytes(w, PAYLOAD, payload);
        }

        static SendMessage decode(CborReader r) {
            byte[] id = null;
            boolean withSurb = false;
            byte[] surbId = null;
            byte[] destination = null;
            byte[] queue = null;
            byte[] payload = null;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case ID: id = fixed(r, WireSizes.MESSAGE_ID, ID); break;
                    case WITH_SURB: withSurb = r.readBool(); break;
                    case SURBID: surbId = fixed(r, WireSizes.SURB_ID, SURBID); break;
                    case DESTINATION_ID_HASH: destination = fixed(r, WireSizes.HASH, DESTINATION_ID_HASH); break;
                    case RECIPIENT_QUEUE_ID: queue = queueId(r, RECIPIENT_QUEUE_ID); break;
                    case PAYLOAD: payload = r.readBytes(); break;
                    default: r.skip();
                }
            }
            return new SendMessage(id, withSurb, surbId, destination, queue, payload);
        }
    }

    /** Derive a BACAP keypair from a 32-byte seed. */
    public record NewKeypair(byte[] queryId, byte[] seed) implements QueryRequest {
        public static final String KEY = "new_keypair";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(2);
            writeQueryId(w, queryId);
            bytes(w, SEED, seed);
        }

        static NewKeypair decode(CborReader r) {
            byte[] queryId = null;
            byte[] seed = null;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case SEED: seed = r.readBytes(); break;
                    default: r.skip();
                }
            }
            return new NewKeypair(queryId, seed);
        }
    }

    /** Encrypt a read of one box. */
    public record EncryptRead(byte[] queryId, byte[] readCap, byte[] messageBoxIndex) implements QueryRequest {
        public static final String KEY = "encrypt_read";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(3);
            writeQueryId(w, queryId);
            fixed(w, READ_CAP, readCap, WireSizes.READ_CAP);
            fixed(w, MESSAGE_BOX_INDEX, messageBoxIndex, WireSizes.MESSAGE_BOX_INDEX);
        }

        static EncryptRead decode(CborReader r) {
            byte[] queryId = null;
            byte[] readCap = null;
            byte[] index = null;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case READ_CAP: readCap = fixed(r, WireSizes.READ_CAP, READ_CAP); break;
                    case MESSAGE_BOX_INDEX: index = fixed(r, WireSizes.MESSAGE_BOX_INDEX, MESSAGE_BOX_INDEX); break;
                    default: r.skip();
                }
            }
            return new EncryptRead(queryId, readCap, index);
        }
    }

    /** A zero-length (non-null) {@code plaintext} means a tombstone; null is an invalid request (error 3). */
    public record EncryptWrite(byte[] queryId, byte[] plaintext, byte[] writeCap, byte[] messageBoxIndex)
            implements QueryRequest {
        public static final String KEY = "encrypt_write";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public int payloadSize() {
            return len(plaintext);
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(4);
            writeQueryId(w, queryId);
            bytes(w, PLAINTEXT, plaintext);
            fixed(w, WRITE_CAP, writeCap, WireSizes.WRITE_CAP);
            fixed(w, MESSAGE_BOX_INDEX, messageBoxIndex, WireSizes.MESSAGE_BOX_INDEX);
        }

        static EncryptWrite decode(CborReader r) {
            byte[] queryId = null;
            byte[] plaintext = null;
            byte[] writeCap = null;
            byte[] index = null;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case PLAINTEXT: plaintext = r.readBytes(); break;
                    case WRITE_CAP: writeCap = fixed(r, WireSizes.WRITE_CAP, WRITE_CAP); break;
                    case MESSAGE_BOX_INDEX: index = fixed(r, WireSizes.MESSAGE_BOX_INDEX, MESSAGE_BOX_INDEX); break;
                    default: r.skip();
                }
            }
            return new EncryptWrite(queryId, plaintext, writeCap, index);
        }
    }

    /**
     * Pigeonhole ARQ send. Exactly one of {@code readCap}/{@code writeCap} is non-null. {@code replyIndex} is
     * omitted when null; the two flags are omitted when false.
     */
    public record StartResendingEncryptedMessage(byte[] queryId, byte[] readCap, byte[] writeCap,
            byte[] messageBoxIndex, Integer replyIndex, byte[] envelopeDescriptor, byte[] messageCiphertext,
            byte[] envelopeHash, boolean noRetryOnBoxIdNotFound, boolean noIdempotentBoxAlreadyExists)
            implements QueryRequest {
        public static final String KEY = "start_resending_encrypted_message";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public int payloadSize() {
            return len(messageCiphertext) + len(envelopeDescriptor);
        }

        @Override
        public void writeBody(CborWriter w) {
            int n = 7 + (replyIndex != null ? 1 : 0) + (noRetryOnBoxIdNotFound ? 1 : 0)
                    + (noIdempotentBoxAlreadyExists ? 1 : 0);
            w.mapHeader(n);
            writeQueryId(w, queryId);
            fixed(w, READ_CAP, readCap, WireSizes.READ_CAP);
            fixed(w, WRITE_CAP, writeCap, WireSizes.WRITE_CAP);
            fixed(w, MESSAGE_BOX_INDEX, messageBoxIndex, WireSizes.MESSAGE_BOX_INDEX);
            if (replyIndex != null) {
                w.text(REPLY_INDEX).uint(uint8(REPLY_INDEX, replyIndex));
            }
            bytes(w, ENVELOPE_DESCRIPTOR, envelopeDescriptor);
            bytes(w, MESSAGE_CIPHERTEXT, messageCiphertext);
            fixed(w, ENVELOPE_HASH, envelopeHash, WireSizes.HASH);
            if (noRetryOnBoxIdNotFound) {
                w.text(NO_RETRY_ON_BOX_ID_NOT_FOUND).bool(true);
            }
            if (noIdempotentBoxAlreadyExists) {
                w.text(NO_IDEMPOTENT_BOX_ALREADY_EXISTS).bool(true);
            }
        }

        static StartResendingEncryptedMessage decode(CborReader r) {
            byte[] queryId = null;
            byte[] readCap = null;
            byte[] writeCap = null;
            byte[] index = null;
            Integer replyIndex = null;
            byte[] descriptor = null;
            byte[] ciphertext = null;
            byte[] envelopeHash = null;
            boolean noRetry = false;
            boolean noIdempotent = false;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case READ_CAP: readCap = fixed(r, WireSizes.READ_CAP, READ_CAP); break;
                    case WRITE_CAP: writeCap = fixed(r, WireSizes.WRITE_CAP, WRITE_CAP); break;
                    case MESSAGE_BOX_INDEX: index = fixed(r, WireSizes.MESSAGE_BOX_INDEX, MESSAGE_BOX_INDEX); break;
                    case REPLY_INDEX: replyIndex = uint8(r, REPLY_INDEX); break;
                    case ENVELOPE_DESCRIPTOR: descriptor = r.readBytes(); break;
                    case MESSAGE_CIPHERTEXT: ciphertext = r.readBytes(); break;
                    case ENVELOPE_HASH: envelopeHash = fixed(r, WireSizes.HASH, ENVELOPE_HASH); break;
                    case NO_RETRY_ON_BOX_ID_NOT_FOUND: noRetry = r.readBool(); break;
                    case NO_IDEMPOTENT_BOX_ALREADY_EXISTS: noIdempotent = r.readBool(); break;
                    default: r.skip();
                }
            }
            return new StartResendingEncryptedMessage(queryId, readCap, writeCap, index, replyIndex, descriptor,
                    ciphertext, envelopeHash, noRetry, noIdempotent);
        }
    }

    /** Stop the daemon's resending of the message with this envelope hash. */
    public record CancelResendingEncryptedMessage(byte[] queryId, byte[] envelopeHash) implements QueryRequest {
        public static final String KEY = "cancel_resending_encrypted_message";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(2);
            writeQueryId(w, queryId);
            fixed(w, ENVELOPE_HASH, envelopeHash, WireSizes.HASH);
        }

        static CancelResendingEncryptedMessage decode(CborReader r) {
            byte[] queryId = null;
            byte[] envelopeHash = null;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case ENVELOPE_HASH: envelopeHash = fixed(r, WireSizes.HASH, ENVELOPE_HASH); break;
                    default: r.skip();
                }
            }
            return new CancelResendingEncryptedMessage(queryId, envelopeHash);
        }
    }

    /** {@code courierIdentityHash} and {@code courierQueueId} are omitted from the wire when null/empty. */
    public record StartResendingCopyCommand(byte[] queryId, byte[] writeCap, byte[] courierIdentityHash,
            byte[] courierQueueId) implements QueryRequest {
        public static final String KEY = "start_resending_copy_command";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            boolean hasHash = courierIdentityHash != null;
            boolean hasQueue = courierQueueId != null && courierQueueId.length > 0;
            w.mapHeader(2 + (hasHash ? 1 : 0) + (hasQueue ? 1 : 0));
            writeQueryId(w, queryId);
            fixed(w, WRITE_CAP, writeCap, WireSizes.WRITE_CAP);
            if (hasHash) {
                fixed(w, COURIER_IDENTITY_HASH, courierIdentityHash, WireSizes.HASH);
            }
            if (hasQueue) {
                queueId(w, COURIER_QUEUE_ID, courierQueueId);
            }
        }

        static StartResendingCopyCommand decode(CborReader r) {
            byte[] queryId = null;
            byte[] writeCap = null;
            byte[] courierHash = null;
            byte[] courierQueue = null;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case WRITE_CAP: writeCap = fixed(r, WireSizes.WRITE_CAP, WRITE_CAP); break;
                    case COURIER_IDENTITY_HASH: courierHash = fixed(r, WireSizes.HASH, COURIER_IDENTITY_HASH); break;
                    case COURIER_QUEUE_ID: {
                        // omitempty on the Go side: empty means unset; otherwise at most 32 bytes
                        byte[] b = r.readBytes();
                        if (b.length > WireSizes.RECIPIENT_QUEUE_ID_MAX) {
                            throw new CborException(COURIER_QUEUE_ID + ": expected at most "
                                    + WireSizes.RECIPIENT_QUEUE_ID_MAX + " bytes, got " + b.length);
                        }
                        courierQueue = b.length == 0 ? null : b;
                        break;
                    }
                    default: r.skip();
                }
            }
            return new StartResendingCopyCommand(queryId, writeCap, courierHash, courierQueue);
        }
    }

    /** Stop the daemon's resending of the copy command for this write cap hash. */
    public record CancelResendingCopyCommand(byte[] queryId, byte[] writeCapHash) implements QueryRequest {
        public static final String KEY = "cancel_resending_copy_command";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(2);
            writeQueryId(w, queryId);
            fixed(w, WRITE_CAP_HASH, writeCapHash, WireSizes.HASH);
        }

        static CancelResendingCopyCommand decode(CborReader r) {
            byte[] queryId = null;
            byte[] hash = null;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case WRITE_CAP_HASH: hash = fixed(r, WireSizes.HASH, WRITE_CAP_HASH); break;
                    default: r.skip();
                }
            }
            return new CancelResendingCopyCommand(queryId, hash);
        }
    }

    /** The index after {@code messageBoxIndex}. */
    public record NextMessageBoxIndex(byte[] queryId, byte[] messageBoxIndex) implements QueryRequest {
        public static final String KEY = "next_message_box_index";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(2);
            writeQueryId(w, queryId);
            fixed(w, MESSAGE_BOX_INDEX, messageBoxIndex, WireSizes.MESSAGE_BOX_INDEX);
        }

        static NextMessageBoxIndex decode(CborReader r) {
            byte[] queryId = null;
            byte[] index = null;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case MESSAGE_BOX_INDEX: index = fixed(r, WireSizes.MESSAGE_BOX_INDEX, MESSAGE_BOX_INDEX); break;
                    default: r.skip();
                }
            }
            return new NextMessageBoxIndex(queryId, index);
        }
    }

    /** The counter (Idx64) of {@code messageBoxIndex}. */
    public record GetMessageBoxIndexCounter(byte[] queryId, byte[] messageBoxIndex) implements QueryRequest {
        public static final String KEY = "get_message_box_index_counter";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(2);
            writeQueryId(w, queryId);
            fixed(w, MESSAGE_BOX_INDEX, messageBoxIndex, WireSizes.MESSAGE_BOX_INDEX);
        }

        static GetMessageBoxIndexCounter decode(CborReader r) {
            byte[] queryId = null;
            byte[] index = null;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case MESSAGE_BOX_INDEX: index = fixed(r, WireSizes.MESSAGE_BOX_INDEX, MESSAGE_BOX_INDEX); break;
                    default: r.skip();
                }
            }
            return new GetMessageBoxIndexCounter(queryId, index);
        }
    }

    /** Cut a payload into courier envelopes for a copy stream. */
    public record CreateCourierEnvelopesFromPayload(byte[] queryId, byte[] payload, byte[] destWriteCap,
            byte[] destStartIndex, boolean isStart, boolean isLast) implements QueryRequest {
        public static final String KEY = "create_courier_envelopes_from_payload";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public int payloadSize() {
            return len(payload);
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(6);
            writeQueryId(w, queryId);
            bytes(w, PAYLOAD, payload);
            fixed(w, DEST_WRITE_CAP, destWriteCap, WireSizes.WRITE_CAP);
            fixed(w, DEST_START_INDEX, destStartIndex, WireSizes.MESSAGE_BOX_INDEX);
            w.text(IS_START).bool(isStart);
            w.text(IS_LAST).bool(isLast);
        }

        static CreateCourierEnvelopesFromPayload decode(CborReader r) {
            byte[] queryId = null;
            byte[] payload = null;
            byte[] writeCap = null;
            byte[] start = null;
            boolean isStart = false;
            boolean isLast = false;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case PAYLOAD: payload = r.readBytes(); break;
                    case DEST_WRITE_CAP: writeCap = fixed(r, WireSizes.WRITE_CAP, DEST_WRITE_CAP); break;
                    case DEST_START_INDEX: start = fixed(r, WireSizes.MESSAGE_BOX_INDEX, DEST_START_INDEX); break;
                    case IS_START: isStart = r.readBool(); break;
                    case IS_LAST: isLast = r.readBool(); break;
                    default: r.skip();
                }
            }
            return new CreateCourierEnvelopesFromPayload(queryId, payload, writeCap, start, isStart, isLast);
        }
    }

    /** Wire key {@code create_courier_envelopes_from_multi_payload} (Go: CreateCourierEnvelopesFromPayloads). */
    public record CreateCourierEnvelopesFromMultiPayload(byte[] queryId, List<EnvelopeDestination> destinations,
            boolean isStart, boolean isLast, byte[] buffer) implements QueryRequest {
        public static final String KEY = "create_courier_envelopes_from_multi_payload";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public int payloadSize() {
            long n = len(buffer);
            if (destinations != null) {
                for (EnvelopeDestination d : destinations) {
                    n += d == null ? 0 : len(d.payload()) + 300;
                }
            }
            return (int) Math.min(n, Frames.MAX_FRAME_LENGTH);
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(5);
            writeQueryId(w, queryId);
            w.text(DESTINATIONS);
            if (destinations == null) {
                w.nul();
            } else {
                w.arrayHeader(destinations.size());
                for (EnvelopeDestination d : destinations) {
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
            w.text(IS_START).bool(isStart);
            w.text(IS_LAST).bool(isLast);
            bytes(w, BUFFER, buffer);
        }

        static CreateCourierEnvelopesFromMultiPayload decode(CborReader r) {
            byte[] queryId = null;
            List<EnvelopeDestination> destinations = null;
            boolean isStart = false;
            boolean isLast = false;
            byte[] buffer = null;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case DESTINATIONS: destinations = readDestinations(r); break;
                    case IS_START: isStart = r.readBool(); break;
                    case IS_LAST: isLast = r.readBool(); break;
                    case BUFFER: buffer = r.readBytes(); break;
                    default: r.skip();
                }
            }
            return new CreateCourierEnvelopesFromMultiPayload(queryId, destinations, isStart, isLast, buffer);
        }

        private static List<EnvelopeDestination> readDestinations(CborReader r) {
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
                    String f = field(r);
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

        /** One element of {@code destinations}: {@code {payload, write_cap, start_index}}. */
        public record EnvelopeDestination(byte[] payload, byte[] writeCap, byte[] startIndex) {}
    }

    /** {@code maxCount} is a Go uint32 (0 … 2^32-1). */
    public record CreateCourierEnvelopesFromTombstoneRange(byte[] queryId, byte[] destWriteCap,
            byte[] destStartIndex, long maxCount, boolean isStart, boolean isLast, byte[] buffer)
            implements QueryRequest {
        public static final String KEY = "create_courier_envelopes_from_tombstone_range";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public int payloadSize() {
            return len(buffer);
        }

        @Override
        public void writeBody(CborWriter w) {
            if (maxCount < 0 || maxCount > WireSizes.MAX_COUNT_MAX) {
                throw new IllegalArgumentException(MAX_COUNT + " must be a uint32, got " + maxCount);
            }
            w.mapHeader(7);
            writeQueryId(w, queryId);
            fixed(w, DEST_WRITE_CAP, destWriteCap, WireSizes.WRITE_CAP);
            fixed(w, DEST_START_INDEX, destStartIndex, WireSizes.MESSAGE_BOX_INDEX);
            w.text(MAX_COUNT).uint(maxCount);
            w.text(IS_START).bool(isStart);
            w.text(IS_LAST).bool(isLast);
            bytes(w, BUFFER, buffer);
        }

        static CreateCourierEnvelopesFromTombstoneRange decode(CborReader r) {
            byte[] queryId = null;
            byte[] writeCap = null;
            byte[] start = null;
            long maxCount = 0;
            boolean isStart = false;
            boolean isLast = false;
            byte[] buffer = null;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case DEST_WRITE_CAP: writeCap = fixed(r, WireSizes.WRITE_CAP, DEST_WRITE_CAP); break;
                    case DEST_START_INDEX: start = fixed(r, WireSizes.MESSAGE_BOX_INDEX, DEST_START_INDEX); break;
                    case MAX_COUNT: {
                        long v = r.readUint64Bits();
                        if (v < 0 || v > WireSizes.MAX_COUNT_MAX) {
                            throw new CborException(MAX_COUNT + ": expected a uint32, got " + Long.toUnsignedString(v));
                        }
                        maxCount = v;
                        break;
                    }
                    case IS_START: isStart = r.readBool(); break;
                    case IS_LAST: isLast = r.readBool(); break;
                    case BUFFER: buffer = r.readBytes(); break;
                    default: r.skip();
                }
            }
            return new CreateCourierEnvelopesFromTombstoneRange(queryId, writeCap, start, maxCount, isStart, isLast,
                    buffer);
        }
    }

    /** {@code epoch} is a uint64 held in a long's bits; 0 asks for the current epoch. */
    public record GetPkiDocument(byte[] queryId, long epoch) implements QueryRequest {
        public static final String KEY = "get_pki_document";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(2);
            writeQueryId(w, queryId);
            w.text(EPOCH).uint(epoch);
        }

        static GetPkiDocument decode(CborReader r) {
            byte[] queryId = null;
            long epoch = 0;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case EPOCH: epoch = r.readUint64Bits(); break;
                    default: r.skip();
                }
            }
            return new GetPkiDocument(queryId, epoch);
        }
    }

    /** The directory authorities of the network. */
    public record GetDirectoryAuthorities(byte[] queryId) implements QueryRequest {
        public static final String KEY = "get_directory_authorities";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(1);
            writeQueryId(w, queryId);
        }

        static GetDirectoryAuthorities decode(CborReader r) {
            return new GetDirectoryAuthorities(queryIdOnly(r));
        }
    }

    /** Mint a contact voucher for a message write cap. */
    public record VoucherMint(byte[] queryId, byte[] messageWriteCap, String displayName) implements QueryRequest {
        public static final String KEY = "voucher_mint";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(3);
            writeQueryId(w, queryId);
            fixed(w, MESSAGE_WRITE_CAP, messageWriteCap, WireSizes.WRITE_CAP);
            w.text(DISPLAY_NAME).textOrNull(displayName);
        }

        static VoucherMint decode(CborReader r) {
            byte[] queryId = null;
            byte[] writeCap = null;
            String displayName = null;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case MESSAGE_WRITE_CAP: writeCap = fixed(r, WireSizes.WRITE_CAP, MESSAGE_WRITE_CAP); break;
                    case DISPLAY_NAME: displayName = r.readText(); break;
                    default: r.skip();
                }
            }
            return new VoucherMint(queryId, writeCap, displayName);
        }
    }

    /** Answer a voucher: seal a reply for its minter. */
    public record VoucherInduct(byte[] queryId, byte[] voucher, byte[] voucherPayload, byte[] whoReply)
            implements QueryRequest {
        public static final String KEY = "voucher_induct";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(4);
            writeQueryId(w, queryId);
            fixed(w, VOUCHER, voucher, WireSizes.VOUCHER);
            bytes(w, VOUCHER_PAYLOAD, voucherPayload);
            bytes(w, WHO_REPLY, whoReply);
        }

        static VoucherInduct decode(CborReader r) {
            byte[] queryId = null;
            byte[] voucher = null;
            byte[] payload = null;
            byte[] whoReply = null;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case VOUCHER: voucher = fixed(r, WireSizes.VOUCHER, VOUCHER); break;
                    case VOUCHER_PAYLOAD: payload = r.readBytes(); break;
                    case WHO_REPLY: whoReply = r.readBytes(); break;
                    default: r.skip();
                }
            }
            return new VoucherInduct(queryId, voucher, payload, whoReply);
        }
    }

    /** Open a sealed voucher reply with the minter's secret key. */
    public record VoucherOpen(byte[] queryId, byte[] voucherSecretKey, byte[] sealedReply, byte[] messageWriteCap)
            implements QueryRequest {
        public static final String KEY = "voucher_open";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(4);
            writeQueryId(w, queryId);
            bytes(w, VOUCHER_SECRET_KEY, voucherSecretKey);
            bytes(w, SEALED_REPLY, sealedReply);
            fixed(w, MESSAGE_WRITE_CAP, messageWriteCap, WireSizes.WRITE_CAP);
        }

        static VoucherOpen decode(CborReader r) {
            byte[] queryId = null;
            byte[] secret = null;
            byte[] sealed = null;
            byte[] writeCap = null;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case VOUCHER_SECRET_KEY: secret = r.readBytes(); break;
                    case SEALED_REPLY: sealed = r.readBytes(); break;
                    case MESSAGE_WRITE_CAP: writeCap = fixed(r, WireSizes.WRITE_CAP, MESSAGE_WRITE_CAP); break;
                    default: r.skip();
                }
            }
            return new VoucherOpen(queryId, secret, sealed, writeCap);
        }
    }

    /** The stream (caps) a voucher alone gives access to. */
    public record VoucherDeriveStream(byte[] queryId, byte[] voucher) implements QueryRequest {
        public static final String KEY = "voucher_derive_stream";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(2);
            writeQueryId(w, queryId);
            fixed(w, VOUCHER, voucher, WireSizes.VOUCHER);
        }

        static VoucherDeriveStream decode(CborReader r) {
            byte[] queryId = null;
            byte[] voucher = null;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case VOUCHER: voucher = fixed(r, WireSizes.VOUCHER, VOUCHER); break;
                    default: r.skip();
                }
            }
            return new VoucherDeriveStream(queryId, voucher);
        }
    }

    /**
     * A request variant this library does not model; {@code value} is written verbatim as a generic CBOR value
     * (see {@link CborReader#readValue()} for the data model). Useful for tests of how a daemon treats variants it
     * does not know, and returned by {@link WireCodec#decodeRequest}.
     */
    public record Unknown(String key, Object value) implements Request {
        @Override
        public String wireKey() {
            return key;
        }

        @Override
        public void writeBody(CborWriter w) {
            if (key == null) {
                throw new IllegalArgumentException("Unknown request without a key");
            }
            w.value(value);
        }
    }
}
