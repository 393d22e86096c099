package org.katzenpost.thin.internal.wire;

import static org.katzenpost.thin.internal.wire.WireFields.*;
import java.util.List;
import java.util.Map;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.SphinxGeometry;
import org.katzenpost.thin.internal.cbor.CborReader;

/**
 * The 25 daemon → client variants (replies and events) of docs/protocol.md#responses, one record each, plus
 * {@link Unknown}. Each record is the client's one home of its kind: its wire key and how the client reads it
 * ({@code decode}, entered from {@link #variant}). How a daemon writes it is the testkit's business (its
 * {@code ResponseEncoder}), so that code does not ship in the client jar; docs/protocol.md#adding-a-kind lists every
 * file a new kind touches. Byte-array components are held as decoded (no copies); error replies carry null in every
 * payload field, and 0/false for absent integers and booleans. {@code errorCode} is the uint8 thin-namespace code
 * unless noted.
 */
public final class Responses {
    private Responses() {}

    /** One daemon → client message variant (reply or event). */
    public sealed interface Response {
        /** The top-level map key naming this variant on the wire. */
        String wireKey();

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
    static Response variant(String key, CborReader r) {
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

    /** The constructor of a reply that carries only {@code query_id} and {@code error_code}. */
    @FunctionalInterface
    private interface IdAndCodeReply<T> {
        T of(byte[] queryId, int errorCode);
    }

    /** Reads the shape shared by the two cancel replies. */
    private static <T> T readIdAndCode(CborReader r, IdAndCodeReply<T> kind) {
        byte[] queryId = null;
        int errorCode = 0;
        for (String f : fields(r)) {
            switch (f) {
                case QUERY_ID -> queryId = readQueryId(r);
                case ERROR_CODE -> errorCode = readErrorCode(r);
                default -> r.skip();
            }
        }
        return kind.of(queryId, errorCode);
    }

    /** The constructor of an encrypt reply. */
    @FunctionalInterface
    private interface EncryptReply<T> {
        T of(byte[] queryId, byte[] ciphertext, byte[] descriptor, byte[] envelopeHash, byte[] next, int errorCode);
    }

    /** Reads the shape shared by the two encrypt replies. */
    private static <T> T readEncryptReply(CborReader r, EncryptReply<T> kind) {
        byte[] queryId = null;
        byte[] ciphertext = null;
        byte[] descriptor = null;
        byte[] envelopeHash = null;
        byte[] next = null;
        int errorCode = 0;
        for (String f : fields(r)) {
            switch (f) {
                case QUERY_ID -> queryId = readQueryId(r);
                case MESSAGE_CIPHERTEXT -> ciphertext = r.readBytes();
                case ENVELOPE_DESCRIPTOR -> descriptor = r.readBytes();
                case ENVELOPE_HASH -> envelopeHash = fixed(r, WireSizes.HASH, ENVELOPE_HASH);
                case NEXT_MESSAGE_BOX_INDEX -> next = fixed(r, WireSizes.MESSAGE_BOX_INDEX, NEXT_MESSAGE_BOX_INDEX);
                case ERROR_CODE -> errorCode = readErrorCode(r);
                default -> r.skip();
            }
        }
        return kind.of(queryId, ciphertext, descriptor, envelopeHash, next, errorCode);
    }

    /** Reply to session_token; {@code resumed} tells whether the daemon kept the session. */
    public record SessionTokenReply(byte[] appId, boolean resumed) implements Response {
        public static final String KEY = "session_token_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        static SessionTokenReply decode(CborReader r) {
            byte[] appId = null;
            boolean resumed = false;
            for (String f : fields(r)) {
                switch (f) {
                    case APP_ID -> appId = fixed(r, WireSizes.TOKEN, APP_ID);
                    case RESUMED -> resumed = r.readBool();
                    default -> r.skip();
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

        static ConnectionStatusEvent decode(CborReader r) {
            boolean connected = false;
            byte[] token = null;
            SphinxGeometry sphinx = null;
            PigeonholeGeometry pigeonhole = null;
            for (String f : fields(r)) {
                switch (f) {
                    case IS_CONNECTED -> connected = r.readBool();
                    case INSTANCE_TOKEN -> token = fixed(r, WireSizes.TOKEN, INSTANCE_TOKEN);
                    case SPHINX_GEOMETRY -> sphinx = readSphinx(r);
                    case PIGEONHOLE_GEOMETRY -> pigeonhole = readPigeonhole(r);
                    default -> r.skip(); // includes err: always null, "any value, ignore it"
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

        static NewPkiDocumentEvent decode(CborReader r) {
            byte[] payload = null;
            for (String f : fields(r)) {
                switch (f) {
                    case PAYLOAD -> payload = r.readBytes();
                    default -> r.skip();
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

        static MessageSentEvent decode(CborReader r) {
            byte[] messageId = null;
            byte[] surbId = null;
            long sentAt = 0;
            long eta = 0;
            String err = null;
            for (String f : fields(r)) {
                switch (f) {
                    case MESSAGE_ID -> messageId = fixed(r, WireSizes.MESSAGE_ID, MESSAGE_ID);
                    case SURBID -> surbId = fixed(r, WireSizes.SURB_ID, SURBID);
                    case SENT_AT -> sentAt = r.readInt();
                    case REPLY_ETA -> eta = r.readInt();
                    case ERR -> {
                        String e = r.readText();
                        err = e.isEmpty() ? null : e; // omitempty on the Go side: "" and absent mean the same
                    }
                    default -> r.skip();
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

        static MessageReplyEvent decode(CborReader r) {
            byte[] messageId = null;
            byte[] surbId = null;
            byte[] payload = null;
            Integer replyIndex = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case MESSAGE_ID -> messageId = fixed(r, WireSizes.MESSAGE_ID, MESSAGE_ID);
                    case SURBID -> surbId = fixed(r, WireSizes.SURB_ID, SURBID);
                    case PAYLOAD -> payload = r.readBytes();
                    case REPLY_INDEX -> replyIndex = uint8(r, REPLY_INDEX);
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
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

        static MessageIdGarbageCollected decode(CborReader r) {
            byte[] messageId = null;
            for (String f : fields(r)) {
                switch (f) {
                    case MESSAGE_ID -> messageId = fixed(r, WireSizes.MESSAGE_ID, MESSAGE_ID);
                    default -> r.skip();
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

        static NewKeypairReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] writeCap = null;
            byte[] readCap = null;
            byte[] first = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case WRITE_CAP -> writeCap = fixed(r, WireSizes.WRITE_CAP, WRITE_CAP);
                    case READ_CAP -> readCap = fixed(r, WireSizes.READ_CAP, READ_CAP);
                    case FIRST_MESSAGE_INDEX -> first = fixed(r, WireSizes.MESSAGE_BOX_INDEX, FIRST_MESSAGE_INDEX);
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
                }
            }
            return new NewKeypairReply(queryId, writeCap, readCap, first, errorCode);
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

        static EncryptReadReply decode(CborReader r) {
            return readEncryptReply(r, EncryptReadReply::new);
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

        static EncryptWriteReply decode(CborReader r) {
            return readEncryptReply(r, EncryptWriteReply::new);
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

        static StartResendingEncryptedMessageReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] plaintext = null;
            byte[] courierHash = null;
            byte[] courierQueue = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case PLAINTEXT -> plaintext = r.readBytes();
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    case COURIER_IDENTITY_HASH -> courierHash = fixed(r, WireSizes.HASH, COURIER_IDENTITY_HASH);
                    case COURIER_QUEUE_ID -> courierQueue = r.readBytes();
                    default -> r.skip();
                }
            }
            return new StartResendingEncryptedMessageReply(queryId, plaintext, errorCode, courierHash,
                    courierQueue);
        }
    }

    /** The daemon stopped (or never had) the resend. */
    public record CancelResendingEncryptedMessageReply(byte[] queryId, int errorCode) implements QueryReply {
        public static final String KEY = "cancel_resending_encrypted_message_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        static CancelResendingEncryptedMessageReply decode(CborReader r) {
            return readIdAndCode(r, CancelResendingEncryptedMessageReply::new);
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

        static StartResendingCopyCommandReply decode(CborReader r) {
            byte[] queryId = null;
            int errorCode = 0;
            int replicaCode = 0;
            long failedIndex = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    case REPLICA_ERROR_CODE -> replicaCode = uint8(r, REPLICA_ERROR_CODE);
                    case FAILED_ENVELOPE_INDEX -> failedIndex = r.readUint64Bits();
                    default -> r.skip();
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

        static CancelResendingCopyCommandReply decode(CborReader r) {
            return readIdAndCode(r, CancelResendingCopyCommandReply::new);
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

        static NextMessageBoxIndexReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] next = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case NEXT_MESSAGE_BOX_INDEX -> next = fixed(r, WireSizes.MESSAGE_BOX_INDEX,
                            NEXT_MESSAGE_BOX_INDEX);
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
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

        static GetMessageBoxIndexCounterReply decode(CborReader r) {
            byte[] queryId = null;
            long counter = 0;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case COUNTER -> counter = r.readUint64Bits();
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
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

        static GetPkiDocumentReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] payload = null;
            long epoch = 0;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case PAYLOAD -> payload = r.readBytes();
                    case EPOCH -> epoch = r.readUint64Bits();
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
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

        static GetDirectoryAuthoritiesReply decode(CborReader r) {
            byte[] queryId = null;
            List<Map<Object, Object>> authorities = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case AUTHORITIES -> authorities = mapList(r, AUTHORITIES);
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
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

        static CreateCourierEnvelopesFromPayloadReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] next = null;
            List<byte[]> envelopes = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case ENVELOPES -> envelopes = byteList(r, -1, ENVELOPES);
                    case NEXT_DEST_INDEX -> next = fixed(r, WireSizes.MESSAGE_BOX_INDEX, NEXT_DEST_INDEX);
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
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

        static CreateCourierEnvelopesFromMultiPayloadReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] buffer = null;
            List<byte[]> envelopes = null;
            List<byte[]> nextIndices = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case ENVELOPES -> envelopes = byteList(r, -1, ENVELOPES);
                    case BUFFER -> buffer = r.readBytes();
                    case NEXT_DEST_INDICES -> nextIndices = byteList(r, WireSizes.MESSAGE_BOX_INDEX,
                            NEXT_DEST_INDICES);
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
                }
            }
            return new CreateCourierEnvelopesFromMultiPayloadReply(queryId, envelopes, buffer, nextIndices,
                    errorCode);
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

        static CreateCourierEnvelopesFromTombstoneRangeReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] buffer = null;
            byte[] next = null;
            List<byte[]> envelopes = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case ENVELOPES -> envelopes = byteList(r, -1, ENVELOPES);
                    case BUFFER -> buffer = r.readBytes();
                    case NEXT_DEST_INDEX -> next = fixed(r, WireSizes.MESSAGE_BOX_INDEX, NEXT_DEST_INDEX);
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
                }
            }
            return new CreateCourierEnvelopesFromTombstoneRangeReply(queryId, envelopes, buffer, next,
                    errorCode);
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

        static VoucherMintReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] voucher = null;
            byte[] payload = null;
            byte[] writeCap = null;
            byte[] readCap = null;
            byte[] secret = null;
            byte[] pub = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case VOUCHER -> voucher = fixed(r, WireSizes.VOUCHER, VOUCHER);
                    case VOUCHER_PAYLOAD -> payload = r.readBytes();
                    case VOUCHER_WRITE_CAP -> writeCap = fixed(r, WireSizes.WRITE_CAP, VOUCHER_WRITE_CAP);
                    case VOUCHER_READ_CAP -> readCap = fixed(r, WireSizes.READ_CAP, VOUCHER_READ_CAP);
                    case VOUCHER_SECRET_KEY -> secret = r.readBytes();
                    case VOUCHER_PUBLIC_KEY -> pub = r.readBytes();
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
                }
            }
            return new VoucherMintReply(queryId, voucher, payload, writeCap, readCap, secret, pub,
                    errorCode);
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

        static VoucherInductReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] mutatedReadCap = null;
            byte[] sealed = null;
            byte[] writeCap = null;
            byte[] readCap = null;
            byte[] salt = null;
            String displayName = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case DISPLAY_NAME -> displayName = r.readText();
                    case MUTATED_MESSAGE_READ_CAP -> mutatedReadCap = fixed(r, WireSizes.READ_CAP,
                            MUTATED_MESSAGE_READ_CAP);
                    case SEALED_REPLY -> sealed = r.readBytes();
                    case VOUCHER_WRITE_CAP -> writeCap = fixed(r, WireSizes.WRITE_CAP, VOUCHER_WRITE_CAP);
                    case VOUCHER_READ_CAP -> readCap = fixed(r, WireSizes.READ_CAP, VOUCHER_READ_CAP);
                    case SALT -> salt = fixed(r, WireSizes.SALT, SALT);
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
                }
            }
            return new VoucherInductReply(queryId, displayName, mutatedReadCap, sealed, writeCap, readCap,
                    salt, errorCode);
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

        static VoucherOpenReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] whoReply = null;
            byte[] salt = null;
            byte[] mutatedWriteCap = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case WHO_REPLY -> whoReply = r.readBytes();
                    case SALT -> salt = fixed(r, WireSizes.SALT, SALT);
                    case MUTATED_MESSAGE_WRITE_CAP -> mutatedWriteCap = fixed(r, WireSizes.WRITE_CAP,
                            MUTATED_MESSAGE_WRITE_CAP);
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
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

        static VoucherDeriveStreamReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] writeCap = null;
            byte[] readCap = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case VOUCHER_WRITE_CAP -> writeCap = fixed(r, WireSizes.WRITE_CAP, VOUCHER_WRITE_CAP);
                    case VOUCHER_READ_CAP -> readCap = fixed(r, WireSizes.READ_CAP, VOUCHER_READ_CAP);
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
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

    }
}
