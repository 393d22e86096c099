package org.katzenpost.thin.internal.wire;

import static org.katzenpost.thin.internal.wire.WireFields.*;
import java.util.List;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.wire.Requests.PigeonholeRequest;
import org.katzenpost.thin.internal.wire.Responses.PigeonholeReply;
import org.katzenpost.thin.internal.wire.Responses.Response;

/**
 * The wire schema of the ARQ calls (docs/protocol.md#pigeonhole-arq and #copy-commands): starting and cancelling the
 * daemon's resending of an encrypted message or of a copy command. Each kind's request and reply sit side by side: the
 * request's key and how the client writes it ({@code writeBody}), the reply's key and how the client reads it ({@code
 * decode}, with its case in this area's {@code decode} switch and its key in {@link #REPLY_KEYS}, this area's part of
 * the reply registry that {@link Responses} consults): the client's half of a new kind of this area is written here
 * alone (docs/protocol.md#adding-a-kind). The conventions of {@link Requests} and {@link Responses} hold here.
 */
public final class ResendMessages {
    private ResendMessages() {}

    /** A request of this area. */
    public sealed interface ResendRequest extends PigeonholeRequest {}

    /** A reply of this area. */
    public sealed interface ResendReply extends PigeonholeReply {}

    /** This area's reply keys, for {@link Responses#KEYS}; each has its case in {@link #decode}. */
    static final List<String> REPLY_KEYS = List.of(
            StartResendingEncryptedMessageReply.KEY,
            CancelResendingEncryptedMessageReply.KEY,
            StartResendingCopyCommandReply.KEY,
            CancelResendingCopyCommandReply.KEY);

    /**
     * This area's part of the reply registry: reads the value of one of its reply keys, or returns null, consuming
     * nothing, for another key. A switch rather than a table of method references: each reference would spin a class
     * of its own when a client first connects (docs/performance.md, "The first call, cold JVM").
     */
    static Response decode(String key, CborReader r) {
        return switch (key) {
            case StartResendingEncryptedMessageReply.KEY -> StartResendingEncryptedMessageReply.decode(r);
            case CancelResendingEncryptedMessageReply.KEY -> CancelResendingEncryptedMessageReply.decode(r);
            case StartResendingCopyCommandReply.KEY -> StartResendingCopyCommandReply.decode(r);
            case CancelResendingCopyCommandReply.KEY -> CancelResendingCopyCommandReply.decode(r);
            default -> null;
        };
    }

    /**
     * Pigeonhole ARQ send. Exactly one of {@code readCap}/{@code writeCap} is non-null. {@code replyIndex} is
     * omitted when null; the two flags are omitted when false.
     */
    public record StartResendingEncryptedMessage(byte[] queryId, byte[] readCap, byte[] writeCap,
            byte[] messageBoxIndex, Integer replyIndex, byte[] envelopeDescriptor, byte[] messageCiphertext,
            byte[] envelopeHash, boolean noRetryOnBoxIdNotFound, boolean noIdempotentBoxAlreadyExists)
            implements ResendRequest {
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
    }

    /** {@code errorCode} is in the mixed replica/thin namespace (docs/protocol.md#error-namespaces). */
    public record StartResendingEncryptedMessageReply(byte[] queryId, byte[] plaintext, int errorCode,
            byte[] courierIdentityHash, byte[] courierQueueId) implements ResendReply {
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

    /** Stop the daemon's resending of the message with this envelope hash. */
    public record CancelResendingEncryptedMessage(byte[] queryId, byte[] envelopeHash) implements ResendRequest {
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
    }

    /** The daemon stopped (or never had) the resend. */
    public record CancelResendingEncryptedMessageReply(byte[] queryId, int errorCode) implements ResendReply {
        public static final String KEY = "cancel_resending_encrypted_message_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        static CancelResendingEncryptedMessageReply decode(CborReader r) {
            return readIdAndCode(r, CancelResendingEncryptedMessageReply::new);
        }
    }

    /** {@code courierIdentityHash} and {@code courierQueueId} are omitted from the wire when null/empty. */
    public record StartResendingCopyCommand(byte[] queryId, byte[] writeCap, byte[] courierIdentityHash,
            byte[] courierQueueId) implements ResendRequest {
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
    }

    /**
     * {@code replicaErrorCode} (replica namespace) and {@code failedEnvelopeIndex} (uint64 bits, 1-based) are 0
     * when absent.
     */
    public record StartResendingCopyCommandReply(byte[] queryId, int errorCode, int replicaErrorCode,
            long failedEnvelopeIndex) implements ResendReply {
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

    /** Stop the daemon's resending of the copy command for this write cap hash. */
    public record CancelResendingCopyCommand(byte[] queryId, byte[] writeCapHash) implements ResendRequest {
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
    }

    /** The daemon stopped (or never had) the copy command's resend. */
    public record CancelResendingCopyCommandReply(byte[] queryId, int errorCode) implements ResendReply {
        public static final String KEY = "cancel_resending_copy_command_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        static CancelResendingCopyCommandReply decode(CborReader r) {
            return readIdAndCode(r, CancelResendingCopyCommandReply::new);
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
}
