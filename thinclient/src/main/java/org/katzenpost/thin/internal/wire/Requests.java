package org.katzenpost.thin.internal.wire;

import java.util.List;

/**
 * The request variants of docs/protocol.md#requests, one record each. Byte-array components are held as given (no
 * defensive copies: this is an internal wire model); {@code null} means CBOR null. Sizes are checked by
 * {@link WireCodec} when encoding and decoding, not here.
 */
public final class Requests {
    private Requests() {}

    /** First request after connecting: the client's 16-byte instance token. Reply: session_token_reply. */
    public record SessionToken(byte[] clientInstanceToken) implements Request {
        public static final String KEY = "session_token";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    /** Polite disconnect; encoded as {@code {"thin_close": {}}}. No reply. */
    public record ThinClose() implements Request {
        public static final String KEY = "thin_close";

        @Override
        public String wireKey() {
            return KEY;
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
    }

    public record NewKeypair(byte[] queryId, byte[] seed) implements QueryRequest {
        public static final String KEY = "new_keypair";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    public record EncryptRead(byte[] queryId, byte[] readCap, byte[] messageBoxIndex) implements QueryRequest {
        public static final String KEY = "encrypt_read";

        @Override
        public String wireKey() {
            return KEY;
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
    }

    public record CancelResendingEncryptedMessage(byte[] queryId, byte[] envelopeHash) implements QueryRequest {
        public static final String KEY = "cancel_resending_encrypted_message";

        @Override
        public String wireKey() {
            return KEY;
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
    }

    public record CancelResendingCopyCommand(byte[] queryId, byte[] writeCapHash) implements QueryRequest {
        public static final String KEY = "cancel_resending_copy_command";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    public record NextMessageBoxIndex(byte[] queryId, byte[] messageBoxIndex) implements QueryRequest {
        public static final String KEY = "next_message_box_index";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    public record GetMessageBoxIndexCounter(byte[] queryId, byte[] messageBoxIndex) implements QueryRequest {
        public static final String KEY = "get_message_box_index_counter";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    public record CreateCourierEnvelopesFromPayload(byte[] queryId, byte[] payload, byte[] destWriteCap,
            byte[] destStartIndex, boolean isStart, boolean isLast) implements QueryRequest {
        public static final String KEY = "create_courier_envelopes_from_payload";

        @Override
        public String wireKey() {
            return KEY;
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
    }

    /** {@code epoch} is a uint64 held in a long's bits; 0 asks for the current epoch. */
    public record GetPkiDocument(byte[] queryId, long epoch) implements QueryRequest {
        public static final String KEY = "get_pki_document";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    public record GetDirectoryAuthorities(byte[] queryId) implements QueryRequest {
        public static final String KEY = "get_directory_authorities";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    public record VoucherMint(byte[] queryId, byte[] messageWriteCap, String displayName) implements QueryRequest {
        public static final String KEY = "voucher_mint";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    public record VoucherInduct(byte[] queryId, byte[] voucher, byte[] voucherPayload, byte[] whoReply)
            implements QueryRequest {
        public static final String KEY = "voucher_induct";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    public record VoucherOpen(byte[] queryId, byte[] voucherSecretKey, byte[] sealedReply, byte[] messageWriteCap)
            implements QueryRequest {
        public static final String KEY = "voucher_open";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    public record VoucherDeriveStream(byte[] queryId, byte[] voucher) implements QueryRequest {
        public static final String KEY = "voucher_derive_stream";

        @Override
        public String wireKey() {
            return KEY;
        }
    }

    /**
     * A request variant this library does not model; {@code value} is written verbatim as a generic CBOR value
     * (see {@link org.katzenpost.thin.internal.cbor.CborReader#readValue()} for the data model). Useful for
     * tests of how a daemon treats variants it does not know, and returned by {@link WireCodec#decodeRequest}.
     */
    public record Unknown(String key, Object value) implements Request {
        @Override
        public String wireKey() {
            return key;
        }
    }
}
