package org.katzenpost.thin.internal.wire;

import java.util.List;
import java.util.Map;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.SphinxGeometry;

/**
 * The 25 daemon → client variants of docs/protocol.md#responses, one record each, plus {@link Unknown}. Byte-array
 * components are held as decoded (no copies); error replies carry null in every payload field, and 0/false for
 * absent integers and booleans. {@code errorCode} is the uint8 thin-namespace code unless noted.
 */
public final class Responses {
    private Responses() {}

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

    /** Reply to session_token; {@code resumed} tells whether the daemon kept the session. */
    public record SessionTokenReply(byte[] appId, boolean resumed) implements Response {
        public static final String KEY = "session_token_reply";

        @Override
        public String wireKey() {
            return KEY;
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

    /** Mixnet connectivity and, in the handshake, the daemon's instance token and geometries (null when absent). The wire field {@code err} is always null and is not modelled. */
    public record ConnectionStatusEvent(boolean isConnected, byte[] instanceToken, SphinxGeometry sphinxGeometry, PigeonholeGeometry pigeonholeGeometry) implements Response {
        public static final String KEY = "connection_status_event";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    /** A new (stripped) PKI document; {@code payload} may be null or empty. */
    public record NewPkiDocumentEvent(byte[] payload) implements Response {
        public static final String KEY = "new_pki_document_event";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    /** A legacy SURB send left the daemon. {@code err} is null unless sending failed. */
    public record MessageSentEvent(byte[] messageId, byte[] surbId, long sentAtUnixSeconds, long replyEtaNanos, String err) implements Response {
        public static final String KEY = "message_sent_event";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    /** A SURB reply arrived; match it on {@code surbId}. {@code replyIndex} is null when absent. */
    public record MessageReplyEvent(byte[] messageId, byte[] surbId, byte[] payload, Integer replyIndex, int errorCode) implements Response {
        public static final String KEY = "message_reply_event";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    /** Never sent by current daemons. */
    public record MessageIdGarbageCollected(byte[] messageId) implements Response {
        public static final String KEY = "message_id_garbage_collected";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    public record NewKeypairReply(byte[] queryId, byte[] writeCap, byte[] readCap, byte[] firstMessageIndex, int errorCode) implements QueryReply {
        public static final String KEY = "new_keypair_reply";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    /** {@code envelopeDescriptor} holds key material: treat it as a secret. */
    public record EncryptReadReply(byte[] queryId, byte[] messageCiphertext, byte[] envelopeDescriptor, byte[] envelopeHash, byte[] nextMessageBoxIndex, int errorCode) implements QueryReply {
        public static final String KEY = "encrypt_read_reply";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    /** {@code envelopeDescriptor} holds key material: treat it as a secret. */
    public record EncryptWriteReply(byte[] queryId, byte[] messageCiphertext, byte[] envelopeDescriptor, byte[] envelopeHash, byte[] nextMessageBoxIndex, int errorCode) implements QueryReply {
        public static final String KEY = "encrypt_write_reply";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    /** {@code errorCode} is in the mixed replica/thin namespace (docs/protocol.md#error-namespaces). */
    public record StartResendingEncryptedMessageReply(byte[] queryId, byte[] plaintext, int errorCode, byte[] courierIdentityHash, byte[] courierQueueId) implements QueryReply {
        public static final String KEY = "start_resending_encrypted_message_reply";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    public record CancelResendingEncryptedMessageReply(byte[] queryId, int errorCode) implements QueryReply {
        public static final String KEY = "cancel_resending_encrypted_message_reply";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    /** {@code replicaErrorCode} (replica namespace) and {@code failedEnvelopeIndex} (uint64 bits, 1-based) are 0 when absent. */
    public record StartResendingCopyCommandReply(byte[] queryId, int errorCode, int replicaErrorCode, long failedEnvelopeIndex) implements QueryReply {
        public static final String KEY = "start_resending_copy_command_reply";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    public record CancelResendingCopyCommandReply(byte[] queryId, int errorCode) implements QueryReply {
        public static final String KEY = "cancel_resending_copy_command_reply";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    public record NextMessageBoxIndexReply(byte[] queryId, byte[] nextMessageBoxIndex, int errorCode) implements QueryReply {
        public static final String KEY = "next_message_box_index_reply";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    /** {@code counter} is the uint64 Idx64, held in a long's bits. */
    public record GetMessageBoxIndexCounterReply(byte[] queryId, long counter, int errorCode) implements QueryReply {
        public static final String KEY = "get_message_box_index_counter_reply";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    /** {@code payload} is the cert-wrapped signed document; {@code epoch} (uint64 bits) is set on errors too. */
    public record GetPkiDocumentReply(byte[] queryId, byte[] payload, long epoch, int errorCode) implements QueryReply {
        public static final String KEY = "get_pki_document_reply";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    /** {@code authorities} are the generically decoded DirectoryAuthority maps (null when absent). */
    public record GetDirectoryAuthoritiesReply(byte[] queryId, List<Map<Object, Object>> authorities, int errorCode) implements QueryReply {
        public static final String KEY = "get_directory_authorities_reply";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    public record CreateCourierEnvelopesFromPayloadReply(byte[] queryId, List<byte[]> envelopes, byte[] nextDestIndex, int errorCode) implements QueryReply {
        public static final String KEY = "create_courier_envelopes_from_payload_reply";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    public record CreateCourierEnvelopesFromMultiPayloadReply(byte[] queryId, List<byte[]> envelopes, byte[] buffer, List<byte[]> nextDestIndices, int errorCode) implements QueryReply {
        public static final String KEY = "create_courier_envelopes_from_multi_payload_reply";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    public record CreateCourierEnvelopesFromTombstoneRangeReply(byte[] queryId, List<byte[]> envelopes, byte[] buffer, byte[] nextDestIndex, int errorCode) implements QueryReply {
        public static final String KEY = "create_courier_envelopes_from_tombstone_range_reply";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    /** {@code voucherSecretKey} is a secret. */
    public record VoucherMintReply(byte[] queryId, byte[] voucher, byte[] voucherPayload, byte[] voucherWriteCap, byte[] voucherReadCap, byte[] voucherSecretKey, byte[] voucherPublicKey, int errorCode) implements QueryReply {
        public static final String KEY = "voucher_mint_reply";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    public record VoucherInductReply(byte[] queryId, String displayName, byte[] mutatedMessageReadCap, byte[] sealedReply, byte[] voucherWriteCap, byte[] voucherReadCap, byte[] salt, int errorCode) implements QueryReply {
        public static final String KEY = "voucher_induct_reply";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    public record VoucherOpenReply(byte[] queryId, byte[] whoReply, byte[] salt, byte[] mutatedMessageWriteCap, int errorCode) implements QueryReply {
        public static final String KEY = "voucher_open_reply";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    public record VoucherDeriveStreamReply(byte[] queryId, byte[] voucherWriteCap, byte[] voucherReadCap, int errorCode) implements QueryReply {
        public static final String KEY = "voucher_derive_stream_reply";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    /**
     * A variant this library does not know: its key and its generically decoded value (see
     * {@link org.katzenpost.thin.internal.cbor.CborReader#readValue()}).
     */
    public record Unknown(String key, Object value) implements Response {
        @Override
        public String wireKey() {
            return key;
        }
    }
}
