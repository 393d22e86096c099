package org.katzenpost.thin.internal.wire;

import static org.katzenpost.thin.internal.wire.WireFields.*;
import java.util.List;
import java.util.Map;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.SphinxGeometry;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborWriter;

/**
 * The 25 daemon → client variants (replies and events) of docs/protocol.md#responses, one record each, plus
 * {@link Unknown}. Each record is the one home of its kind: its wire key, how the client reads it ({@code decode})
 * and how a daemon writes it ({@code writeBody}, used by the testkit's simulated daemon). Adding a kind means a
 * record here, its key in {@link #KEYS} and its entry in {@link #decodeVariant}. Byte-array components are held as
 * decoded (no copies); error replies carry null in every payload field, and 0/false for absent integers and
 * booleans. {@code errorCode} is the uint8 thin-namespace code unless noted.
 */
public final class Responses {
    private Responses() {}

    /** One daemon → client message variant (reply or event). */
    public sealed interface Response {
        /** The top-level map key naming this variant on the wire. */
        String wireKey();

        /** Writes the variant's value as kpclientd does. @throws IllegalArgumentException on a wrong size */
        void writeBody(CborWriter w);

        /** Bytes of variable-length payload this message carries, to size the encoding buffer. */
        default int payloadSize() {
            return 0;
        }
    }

    /** A reply carrying the {@code query_id} of its request and a thin-namespace {@code error_code} (0 = success). */
    public sealed interface QueryReply extends Response {
        /** The {@code query_id} of the request answered. */
        byte[] queryId();

        /** The thin-namespace error code, 0 on success. */
        int errorCode();
    }

    /** Every known response key, in the order kpclientd writes them. */
    public static final List<String> KEYS = List.of(
            SessionTokenReply.KEY,
            ShutdownEvent.KEY,
            ConnectionStatusEvent.KEY,
            NewPkiDocumentEvent.KEY,
            MessageSentEvent.KEY,
            MessageReplyEvent.KEY,
            MessageIdGarbageCollected.KEY,
            NewKeypairReply.KEY,
            EncryptReadReply.KEY,
            EncryptWriteReply.KEY,
            StartResendingEncryptedMessageReply.KEY,
            CancelResendingEncryptedMessageReply.KEY,
            StartResendingCopyCommandReply.KEY,
            CancelResendingCopyCommandReply.KEY,
            NextMessageBoxIndexReply.KEY,
            GetMessageBoxIndexCounterReply.KEY,
            GetPkiDocumentReply.KEY,
            GetDirectoryAuthoritiesReply.KEY,
            CreateCourierEnvelopesFromPayloadReply.KEY,
            CreateCourierEnvelopesFromMultiPayloadReply.KEY,
            CreateCourierEnvelopesFromTombstoneRangeReply.KEY,
            VoucherMintReply.KEY,
            VoucherInductReply.KEY,
            VoucherOpenReply.KEY,
            VoucherDeriveStreamReply.KEY);

    /** Decodes the value of a known variant key, or returns null, consuming nothing, for another key. */
    static Response decodeVariant(String key, CborReader r) {
        switch (key) {
            case SessionTokenReply.KEY: return SessionTokenReply.decode(r);
            case ShutdownEvent.KEY: emptyVariant(r); return new ShutdownEvent();
            case ConnectionStatusEvent.KEY: return ConnectionStatusEvent.decode(r);
            case NewPkiDocumentEvent.KEY: return NewPkiDocumentEvent.decode(r);
            case MessageSentEvent.KEY: return MessageSentEvent.decode(r);
            case MessageReplyEvent.KEY: return MessageReplyEvent.decode(r);
            case MessageIdGarbageCollected.KEY: return MessageIdGarbageCollected.decode(r);
            case NewKeypairReply.KEY: return NewKeypairReply.decode(r);
            case EncryptReadReply.KEY: return EncryptReadReply.decode(r);
            case EncryptWriteReply.KEY: return EncryptWriteReply.decode(r);
            case StartResendingEncryptedMessageReply.KEY: return StartResendingEncryptedMessageReply.decode(r);
            case CancelResendingEncryptedMessageReply.KEY: return CancelResendingEncryptedMessageReply.decode(r);
            case StartResendingCopyCommandReply.KEY: return StartResendingCopyCommandReply.decode(r);
            case CancelResendingCopyCommandReply.KEY: return CancelResendingCopyCommandReply.decode(r);
            case NextMessageBoxIndexReply.KEY: return NextMessageBoxIndexReply.decode(r);
            case GetMessageBoxIndexCounterReply.KEY: return GetMessageBoxIndexCounterReply.decode(r);
            case GetPkiDocumentReply.KEY: return GetPkiDocumentReply.decode(r);
            case GetDirectoryAuthoritiesReply.KEY: return GetDirectoryAuthoritiesReply.decode(r);
            case CreateCourierEnvelopesFromPayloadReply.KEY: return CreateCourierEnvelopesFromPayloadReply.decode(r);
            case CreateCourierEnvelopesFromMultiPayloadReply.KEY:
                return CreateCourierEnvelopesFromMultiPayloadReply.decode(r);
            case CreateCourierEnvelopesFromTombstoneRangeReply.KEY:
                return CreateCourierEnvelopesFromTombstoneRangeReply.decode(r);
            case VoucherMintReply.KEY: return VoucherMintReply.decode(r);
            case VoucherInductReply.KEY: return VoucherInductReply.decode(r);
            case VoucherOpenReply.KEY: return VoucherOpenReply.decode(r);
            case VoucherDeriveStreamReply.KEY: return VoucherDeriveStreamReply.decode(r);
            default: return null;
        }
    }

    /** Reads the two fields of a reply that carries nothing else: {@code [queryId, errorCode]} via the holders. */
    private static final class IdAndCode {
        byte[] queryId;
        int errorCode;

        static IdAndCode read(CborReader r) {
            IdAndCode v = new IdAndCode();
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: v.queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case ERROR_CODE: v.errorCode = uint8(r, ERROR_CODE); break;
                    default: r.skip();
                }
            }
            return v;
        }

        static void write(CborWriter w, byte[] queryId, int errorCode) {
            w.mapHeader(2);
            writeQueryId(w, queryId);
            writeErrorCode(w, errorCode);
        }
    }

    /** Reply to session_token; {@code resumed} tells whether the daemon kept the session. */
    public record SessionTokenReply(byte[] appId, boolean resumed) implements Response {
        public static final String KEY = "session_token_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(2);
            fixed(w, APP_ID, appId, WireSizes.TOKEN);
            w.text(RESUMED).bool(resumed);
        }

        static SessionTokenReply decode(CborReader r) {
            byte[] appId = null;
            boolean resumed = false;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case APP_ID: appId = fixed(r, WireSizes.TOKEN, APP_ID); break;
                    case RESUMED: resumed = r.readBool(); break;
                    default: r.skip();
                }
            }
            return new SessionTokenReply(appId, resumed);
        }
    }

    /** The daemon is shutting down. */
    public record ShutdownEvent() implements Response {
        public static final String KEY = "shutdown_event";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(0);
        }
    }

    /**
     * Mixnet connectivity and, in the handshake, the daemon's instance token and geometries (null when absent).
     * The wire field {@code err} is always null and is not modelled.
     */
    public record ConnectionStatusEvent(boolean isConnected, byte[] instanceToken, SphinxGeometry sphinxGeometry,
            PigeonholeGeometry pigeonholeGeometry) implements Response {
        public static final String KEY = "connection_status_event";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(5);
            w.text(IS_CONNECTED).bool(isConnected);
            w.text(ERR).nul();
            fixed(w, INSTANCE_TOKEN, instanceToken, WireSizes.TOKEN);
            w.text(SPHINX_GEOMETRY);
            writeSphinx(w, sphinxGeometry);
            w.text(PIGEONHOLE_GEOMETRY);
            writePigeonhole(w, pigeonholeGeometry);
        }

        static ConnectionStatusEvent decode(CborReader r) {
            boolean connected = false;
            byte[] token = null;
            SphinxGeometry sphinx = null;
            PigeonholeGeometry pigeonhole = null;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
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
            return new ConnectionStatusEvent(connected, token, sphinx, pigeonhole);
        }
    }

    /** A new (stripped) PKI document; {@code payload} may be null or empty. */
    public record NewPkiDocumentEvent(byte[] payload) implements Response {
        public static final String KEY = "new_pki_document_event";

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
            w.mapHeader(1);
            bytes(w, PAYLOAD, payload);
        }

        static NewPkiDocumentEvent decode(CborReader r) {
            byte[] payload = null;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                if (f.equals(PAYLOAD)) {
                    payload = r.readBytes();
                } else {
                    r.skip();
                }
            }
            return new NewPkiDocumentEvent(payload);
        }
    }

    /** A legacy SURB send left the daemon. {@code err} is null unless sending failed. */
    public record MessageSentEvent(byte[] messageId, byte[] surbId, long sentAtUnixSeconds, long replyEtaNanos,
            String err) implements Response {
        public static final String KEY = "message_sent_event";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            boolean hasErr = err != null && !err.isEmpty();
            w.mapHeader(hasErr ? 5 : 4);
            fixed(w, MESSAGE_ID, messageId, WireSizes.MESSAGE_ID);
            fixed(w, SURBID, surbId, WireSizes.SURB_ID);
            w.text(SENT_AT).integer(sentAtUnixSeconds);
            w.text(REPLY_ETA).integer(replyEtaNanos);
            if (hasErr) {
                w.text(ERR).text(err);
            }
        }

        static MessageSentEvent decode(CborReader r) {
            byte[] messageId = null;
            byte[] surbId = null;
            long sentAt = 0;
            long eta = 0;
            String err = null;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
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
            return new MessageSentEvent(messageId, surbId, sentAt, eta, err);
        }
    }

    /** A SURB reply arrived; match it on {@code surbId}. {@code replyIndex} is null when absent. */
    public record MessageReplyEvent(byte[] messageId, byte[] surbId, byte[] payload, Integer replyIndex,
            int errorCode) implements Response {
        public static final String KEY = "message_reply_event";

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
            w.mapHeader(replyIndex != null ? 5 : 4);
            fixed(w, MESSAGE_ID, messageId, WireSizes.MESSAGE_ID);
            fixed(w, SURBID, surbId, WireSizes.SURB_ID);
            bytes(w, PAYLOAD, payload);
            if (replyIndex != null) {
                w.text(REPLY_INDEX).uint(uint8(REPLY_INDEX, replyIndex));
            }
            writeErrorCode(w, errorCode);
        }

        static MessageReplyEvent decode(CborReader r) {
            byte[] messageId = null;
            byte[] surbId = null;
            byte[] payload = null;
            Integer replyIndex = null;
            int errorCode = 0;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
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
            return new MessageReplyEvent(messageId, surbId, payload, replyIndex, errorCode);
        }
    }

    /** Never sent by current daemons. */
    public record MessageIdGarbageCollected(byte[] messageId) implements Response {
        public static final String KEY = "message_id_garbage_collected";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(1);
            fixed(w, MESSAGE_ID, messageId, WireSizes.MESSAGE_ID);
        }

        static MessageIdGarbageCollected decode(CborReader r) {
            byte[] messageId = null;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                if (f.equals(MESSAGE_ID)) {
                    messageId = fixed(r, WireSizes.MESSAGE_ID, MESSAGE_ID);
                } else {
                    r.skip();
                }
            }
            return new MessageIdGarbageCollected(messageId);
        }
    }

    /** A BACAP keypair derived from a seed. */
    public record NewKeypairReply(byte[] queryId, byte[] writeCap, byte[] readCap, byte[] firstMessageIndex,
            int errorCode) implements QueryReply {
        public static final String KEY = "new_keypair_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(5);
            writeQueryId(w, queryId);
            fixed(w, WRITE_CAP, writeCap, WireSizes.WRITE_CAP);
            fixed(w, READ_CAP, readCap, WireSizes.READ_CAP);
            fixed(w, FIRST_MESSAGE_INDEX, firstMessageIndex, WireSizes.MESSAGE_BOX_INDEX);
            writeErrorCode(w, errorCode);
        }

        static NewKeypairReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] writeCap = null;
            byte[] readCap = null;
            byte[] first = null;
            int errorCode = 0;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
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
            return new NewKeypairReply(queryId, writeCap, readCap, first, errorCode);
        }
    }

    /** The fields shared by the two encrypt replies, read in one place. */
    private static final class EncryptReplyFields {
        byte[] queryId;
        byte[] ciphertext;
        byte[] descriptor;
        byte[] envelopeHash;
        byte[] next;
        int errorCode;

        static EncryptReplyFields read(CborReader r) {
            EncryptReplyFields v = new EncryptReplyFields();
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: v.queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case MESSAGE_CIPHERTEXT: v.ciphertext = r.readBytes(); break;
                    case ENVELOPE_DESCRIPTOR: v.descriptor = r.readBytes(); break;
                    case ENVELOPE_HASH: v.envelopeHash = fixed(r, WireSizes.HASH, ENVELOPE_HASH); break;
                    case NEXT_MESSAGE_BOX_INDEX:
                        v.next = fixed(r, WireSizes.MESSAGE_BOX_INDEX, NEXT_MESSAGE_BOX_INDEX);
                        break;
                    case ERROR_CODE: v.errorCode = uint8(r, ERROR_CODE); break;
                    default: r.skip();
                }
            }
            return v;
        }

        static void write(CborWriter w, byte[] queryId, byte[] ciphertext, byte[] descriptor, byte[] envelopeHash,
                byte[] next, int errorCode) {
            w.mapHeader(6);
            writeQueryId(w, queryId);
            bytes(w, MESSAGE_CIPHERTEXT, ciphertext);
            bytes(w, ENVELOPE_DESCRIPTOR, descriptor);
            fixed(w, ENVELOPE_HASH, envelopeHash, WireSizes.HASH);
            fixed(w, NEXT_MESSAGE_BOX_INDEX, next, WireSizes.MESSAGE_BOX_INDEX);
            writeErrorCode(w, errorCode);
        }
    }

    /** {@code envelopeDescriptor} holds key material: treat it as a secret. */
    public record EncryptReadReply(byte[] queryId, byte[] messageCiphertext, byte[] envelopeDescriptor,
            byte[] envelopeHash, byte[] nextMessageBoxIndex, int errorCode) implements QueryReply {
        public static final String KEY = "encrypt_read_reply";

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
            EncryptReplyFields.write(w, queryId, messageCiphertext, envelopeDescriptor, envelopeHash,
                    nextMessageBoxIndex, errorCode);
        }

        static EncryptReadReply decode(CborReader r) {
            EncryptReplyFields v = EncryptReplyFields.read(r);
            return new EncryptReadReply(v.queryId, v.ciphertext, v.descriptor, v.envelopeHash, v.next, v.errorCode);
        }
    }

    /** {@code envelopeDescriptor} holds key material: treat it as a secret. */
    public record EncryptWriteReply(byte[] queryId, byte[] messageCiphertext, byte[] envelopeDescriptor,
            byte[] envelopeHash, byte[] nextMessageBoxIndex, int errorCode) implements QueryReply {
        public static final String KEY = "encrypt_write_reply";

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
            EncryptReplyFields.write(w, queryId, messageCiphertext, envelopeDescriptor, envelopeHash,
                    nextMessageBoxIndex, errorCode);
        }

        static EncryptWriteReply decode(CborReader r) {
            EncryptReplyFields v = EncryptReplyFields.read(r);
            return new EncryptWriteReply(v.queryId, v.ciphertext, v.descriptor, v.envelopeHash, v.next, v.errorCode);
        }
    }

    /** {@code errorCode} is in the mixed replica/thin namespace (docs/protocol.md#error-namespaces). */
    public record StartResendingEncryptedMessageReply(byte[] queryId, byte[] plaintext, int errorCode,
            byte[] courierIdentityHash, byte[] courierQueueId) implements QueryReply {
        public static final String KEY = "start_resending_encrypted_message_reply";

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
            w.mapHeader(5);
            writeQueryId(w, queryId);
            bytes(w, PLAINTEXT, plaintext);
            writeErrorCode(w, errorCode);
            fixed(w, COURIER_IDENTITY_HASH, courierIdentityHash, WireSizes.HASH);
            bytes(w, COURIER_QUEUE_ID, courierQueueId);
        }

        static StartResendingEncryptedMessageReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] plaintext = null;
            int errorCode = 0;
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
                    case PLAINTEXT: plaintext = r.readBytes(); break;
                    case ERROR_CODE: errorCode = uint8(r, ERROR_CODE); break;
                    case COURIER_IDENTITY_HASH: courierHash = fixed(r, WireSizes.HASH, COURIER_IDENTITY_HASH); break;
                    case COURIER_QUEUE_ID: courierQueue = r.readBytes(); break;
                    default: r.skip();
                }
            }
            return new StartResendingEncryptedMessageReply(queryId, plaintext, errorCode, courierHash, courierQueue);
        }
    }

    /** The daemon stopped (or never had) the resend. */
    public record CancelResendingEncryptedMessageReply(byte[] queryId, int errorCode) implements QueryReply {
        public static final String KEY = "cancel_resending_encrypted_message_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            IdAndCode.write(w, queryId, errorCode);
        }

        static CancelResendingEncryptedMessageReply decode(CborReader r) {
            IdAndCode v = IdAndCode.read(r);
            return new CancelResendingEncryptedMessageReply(v.queryId, v.errorCode);
        }
    }

    /**
     * {@code replicaErrorCode} (replica namespace) and {@code failedEnvelopeIndex} (uint64 bits, 1-based) are 0
     * when absent.
     */
    public record StartResendingCopyCommandReply(byte[] queryId, int errorCode, int replicaErrorCode,
            long failedEnvelopeIndex) implements QueryReply {
        public static final String KEY = "start_resending_copy_command_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            boolean hasReplica = replicaErrorCode != 0;
            boolean hasIndex = failedEnvelopeIndex != 0;
            w.mapHeader(2 + (hasReplica ? 1 : 0) + (hasIndex ? 1 : 0));
            writeQueryId(w, queryId);
            writeErrorCode(w, errorCode);
            if (hasReplica) {
                w.text(REPLICA_ERROR_CODE).uint(uint8(REPLICA_ERROR_CODE, replicaErrorCode));
            }
            if (hasIndex) {
                w.text(FAILED_ENVELOPE_INDEX).uint(failedEnvelopeIndex);
            }
        }

        static StartResendingCopyCommandReply decode(CborReader r) {
            byte[] queryId = null;
            int errorCode = 0;
            int replicaCode = 0;
            long failedIndex = 0;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
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
            return new StartResendingCopyCommandReply(queryId, errorCode, replicaCode, failedIndex);
        }
    }

    /** The daemon stopped (or never had) the copy command's resend. */
    public record CancelResendingCopyCommandReply(byte[] queryId, int errorCode) implements QueryReply {
        public static final String KEY = "cancel_resending_copy_command_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            IdAndCode.write(w, queryId, errorCode);
        }

        static CancelResendingCopyCommandReply decode(CborReader r) {
            IdAndCode v = IdAndCode.read(r);
            return new CancelResendingCopyCommandReply(v.queryId, v.errorCode);
        }
    }

    /** The index after the one asked about. */
    public record NextMessageBoxIndexReply(byte[] queryId, byte[] nextMessageBoxIndex, int errorCode)
            implements QueryReply {
        public static final String KEY = "next_message_box_index_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(3);
            writeQueryId(w, queryId);
            fixed(w, NEXT_MESSAGE_BOX_INDEX, nextMessageBoxIndex, WireSizes.MESSAGE_BOX_INDEX);
            writeErrorCode(w, errorCode);
        }

        static NextMessageBoxIndexReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] next = null;
            int errorCode = 0;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
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
            return new NextMessageBoxIndexReply(queryId, next, errorCode);
        }
    }

    /** {@code counter} is the uint64 Idx64, held in a long's bits. */
    public record GetMessageBoxIndexCounterReply(byte[] queryId, long counter, int errorCode) implements QueryReply {
        public static final String KEY = "get_message_box_index_counter_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(3);
            writeQueryId(w, queryId);
            w.text(COUNTER).uint(counter);
            writeErrorCode(w, errorCode);
        }

        static GetMessageBoxIndexCounterReply decode(CborReader r) {
            byte[] queryId = null;
            long counter = 0;
            int errorCode = 0;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
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
            return new GetMessageBoxIndexCounterReply(queryId, counter, errorCode);
        }
    }

    /** {@code payload} is the cert-wrapped signed document; {@code epoch} (uint64 bits) is set on errors too. */
    public record GetPkiDocumentReply(byte[] queryId, byte[] payload, long epoch, int errorCode)
            implements QueryReply {
        public static final String KEY = "get_pki_document_reply";

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
            w.mapHeader(4);
            writeQueryId(w, queryId);
            bytes(w, PAYLOAD, payload);
            w.text(EPOCH).uint(epoch);
            writeErrorCode(w, errorCode);
        }

        static GetPkiDocumentReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] payload = null;
            long epoch = 0;
            int errorCode = 0;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
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
            return new GetPkiDocumentReply(queryId, payload, epoch, errorCode);
        }
    }

    /** {@code authorities} are the generically decoded DirectoryAuthority maps (null when absent). */
    public record GetDirectoryAuthoritiesReply(byte[] queryId, List<Map<Object, Object>> authorities, int errorCode)
            implements QueryReply {
        public static final String KEY = "get_directory_authorities_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(3);
            writeQueryId(w, queryId);
            w.text(AUTHORITIES).value(authorities);
            writeErrorCode(w, errorCode);
        }

        static GetDirectoryAuthoritiesReply decode(CborReader r) {
            byte[] queryId = null;
            List<Map<Object, Object>> authorities = null;
            int errorCode = 0;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
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
            return new GetDirectoryAuthoritiesReply(queryId, authorities, errorCode);
        }
    }

    /** The envelopes of one payload, and the destination index after them. */
    public record CreateCourierEnvelopesFromPayloadReply(byte[] queryId, List<byte[]> envelopes,
            byte[] nextDestIndex, int errorCode) implements QueryReply {
        public static final String KEY = "create_courier_envelopes_from_payload_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(4);
            writeQueryId(w, queryId);
            byteList(w, ENVELOPES, envelopes, -1);
            fixed(w, NEXT_DEST_INDEX, nextDestIndex, WireSizes.MESSAGE_BOX_INDEX);
            writeErrorCode(w, errorCode);
        }

        static CreateCourierEnvelopesFromPayloadReply decode(CborReader r) {
            byte[] queryId = null;
            List<byte[]> envelopes = null;
            byte[] next = null;
            int errorCode = 0;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case ENVELOPES: envelopes = byteList(r, -1, ENVELOPES); break;
                    case NEXT_DEST_INDEX: next = fixed(r, WireSizes.MESSAGE_BOX_INDEX, NEXT_DEST_INDEX); break;
                    case ERROR_CODE: errorCode = uint8(r, ERROR_CODE); break;
                    default: r.skip();
                }
            }
            return new CreateCourierEnvelopesFromPayloadReply(queryId, envelopes, next, errorCode);
        }
    }

    /** The envelopes of several payloads, the residue to carry to the next call, and each destination's next index. */
    public record CreateCourierEnvelopesFromMultiPayloadReply(byte[] queryId, List<byte[]> envelopes, byte[] buffer,
            List<byte[]> nextDestIndices, int errorCode) implements QueryReply {
        public static final String KEY = "create_courier_envelopes_from_multi_payload_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(5);
            writeQueryId(w, queryId);
            byteList(w, ENVELOPES, envelopes, -1);
            bytes(w, BUFFER, buffer);
            byteList(w, NEXT_DEST_INDICES, nextDestIndices, WireSizes.MESSAGE_BOX_INDEX);
            writeErrorCode(w, errorCode);
        }

        static CreateCourierEnvelopesFromMultiPayloadReply decode(CborReader r) {
            byte[] queryId = null;
            List<byte[]> envelopes = null;
            byte[] buffer = null;
            List<byte[]> nextIndices = null;
            int errorCode = 0;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case ENVELOPES: envelopes = byteList(r, -1, ENVELOPES); break;
                    case BUFFER: buffer = r.readBytes(); break;
                    case NEXT_DEST_INDICES:
                        nextIndices = byteList(r, WireSizes.MESSAGE_BOX_INDEX, NEXT_DEST_INDICES);
                        break;
                    case ERROR_CODE: errorCode = uint8(r, ERROR_CODE); break;
                    default: r.skip();
                }
            }
            return new CreateCourierEnvelopesFromMultiPayloadReply(queryId, envelopes, buffer, nextIndices, errorCode);
        }
    }

    /** The tombstone envelopes of a range, the residue to carry, and the destination index after them. */
    public record CreateCourierEnvelopesFromTombstoneRangeReply(byte[] queryId, List<byte[]> envelopes, byte[] buffer,
            byte[] nextDestIndex, int errorCode) implements QueryReply {
        public static final String KEY = "create_courier_envelopes_from_tombstone_range_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(5);
            writeQueryId(w, queryId);
            byteList(w, ENVELOPES, envelopes, -1);
            bytes(w, BUFFER, buffer);
            fixed(w, NEXT_DEST_INDEX, nextDestIndex, WireSizes.MESSAGE_BOX_INDEX);
            writeErrorCode(w, errorCode);
        }

        static CreateCourierEnvelopesFromTombstoneRangeReply decode(CborReader r) {
            byte[] queryId = null;
            List<byte[]> envelopes = null;
            byte[] buffer = null;
            byte[] next = null;
            int errorCode = 0;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
                if (f == null) {
                    continue;
                }
                switch (f) {
                    case QUERY_ID: queryId = fixed(r, WireSizes.QUERY_ID, QUERY_ID); break;
                    case ENVELOPES: envelopes = byteList(r, -1, ENVELOPES); break;
                    case BUFFER: buffer = r.readBytes(); break;
                    case NEXT_DEST_INDEX: next = fixed(r, WireSizes.MESSAGE_BOX_INDEX, NEXT_DEST_INDEX); break;
                    case ERROR_CODE: errorCode = uint8(r, ERROR_CODE); break;
                    default: r.skip();
                }
            }
            return new CreateCourierEnvelopesFromTombstoneRangeReply(queryId, envelopes, buffer, next, errorCode);
        }
    }

    /** {@code voucherSecretKey} is a secret. */
    public record VoucherMintReply(byte[] queryId, byte[] voucher, byte[] voucherPayload, byte[] voucherWriteCap,
            byte[] voucherReadCap, byte[] voucherSecretKey, byte[] voucherPublicKey, int errorCode)
            implements QueryReply {
        public static final String KEY = "voucher_mint_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(8);
            writeQueryId(w, queryId);
            fixed(w, VOUCHER, voucher, WireSizes.VOUCHER);
            bytes(w, VOUCHER_PAYLOAD, voucherPayload);
            fixed(w, VOUCHER_WRITE_CAP, voucherWriteCap, WireSizes.WRITE_CAP);
            fixed(w, VOUCHER_READ_CAP, voucherReadCap, WireSizes.READ_CAP);
            bytes(w, VOUCHER_SECRET_KEY, voucherSecretKey);
            bytes(w, VOUCHER_PUBLIC_KEY, voucherPublicKey);
            writeErrorCode(w, errorCode);
        }

        static VoucherMintReply decode(CborReader r) {
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
                String f = field(r);
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
            return new VoucherMintReply(queryId, voucher, payload, writeCap, readCap, secret, pub, errorCode);
        }
    }

    /** The inductee's sealed reply and the mutated caps. */
    public record VoucherInductReply(byte[] queryId, String displayName, byte[] mutatedMessageReadCap,
            byte[] sealedReply, byte[] voucherWriteCap, byte[] voucherReadCap, byte[] salt, int errorCode)
            implements QueryReply {
        public static final String KEY = "voucher_induct_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(8);
            writeQueryId(w, queryId);
            w.text(DISPLAY_NAME).textOrNull(displayName);
            fixed(w, MUTATED_MESSAGE_READ_CAP, mutatedMessageReadCap, WireSizes.READ_CAP);
            bytes(w, SEALED_REPLY, sealedReply);
            fixed(w, VOUCHER_WRITE_CAP, voucherWriteCap, WireSizes.WRITE_CAP);
            fixed(w, VOUCHER_READ_CAP, voucherReadCap, WireSizes.READ_CAP);
            fixed(w, SALT, salt, WireSizes.SALT);
            writeErrorCode(w, errorCode);
        }

        static VoucherInductReply decode(CborReader r) {
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
                String f = field(r);
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
            return new VoucherInductReply(queryId, displayName, mutatedReadCap, sealed, writeCap, readCap, salt,
                    errorCode);
        }
    }

    /** The opened reply: who answered, the salt, and the mutated write cap. */
    public record VoucherOpenReply(byte[] queryId, byte[] whoReply, byte[] salt, byte[] mutatedMessageWriteCap,
            int errorCode) implements QueryReply {
        public static final String KEY = "voucher_open_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(5);
            writeQueryId(w, queryId);
            bytes(w, WHO_REPLY, whoReply);
            fixed(w, SALT, salt, WireSizes.SALT);
            fixed(w, MUTATED_MESSAGE_WRITE_CAP, mutatedMessageWriteCap, WireSizes.WRITE_CAP);
            writeErrorCode(w, errorCode);
        }

        static VoucherOpenReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] whoReply = null;
            byte[] salt = null;
            byte[] mutatedWriteCap = null;
            int errorCode = 0;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
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
            return new VoucherOpenReply(queryId, whoReply, salt, mutatedWriteCap, errorCode);
        }
    }

    /** The caps of the stream a voucher gives access to. */
    public record VoucherDeriveStreamReply(byte[] queryId, byte[] voucherWriteCap, byte[] voucherReadCap,
            int errorCode) implements QueryReply {
        public static final String KEY = "voucher_derive_stream_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(4);
            writeQueryId(w, queryId);
            fixed(w, VOUCHER_WRITE_CAP, voucherWriteCap, WireSizes.WRITE_CAP);
            fixed(w, VOUCHER_READ_CAP, voucherReadCap, WireSizes.READ_CAP);
            writeErrorCode(w, errorCode);
        }

        static VoucherDeriveStreamReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] writeCap = null;
            byte[] readCap = null;
            int errorCode = 0;
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String f = field(r);
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
            return new VoucherDeriveStreamReply(queryId, writeCap, readCap, errorCode);
        }
    }

    /**
     * A variant this library does not know: its key and its generically decoded value (see
     * {@link CborReader#readValue()}).
     */
    public record Unknown(String key, Object value) implements Response {
        @Override
        public String wireKey() {
            return key;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.value(value);
        }
    }
}
