package org.katzenpost.thin.internal.wire;

import static org.katzenpost.thin.internal.wire.WireFields.*;
import java.util.List;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.wire.Responses.QueryReply;

/**
 * The daemon → client replies of the Pigeonhole calls (docs/protocol.md#pigeonhole: keys and encryption, the ARQ,
 * index helpers, courier envelopes, contact vouchers), one record each. Each record is the client's one home of its
 * kind: its wire key and how the client reads it ({@code decode}, entered from {@link Responses#variant}, which with
 * {@link Responses#KEYS} is the one registry of every reply key). The conventions of {@link Responses} hold here.
 */
public final class PigeonholeResponses {
    private PigeonholeResponses() {}

    /** A reply to a Pigeonhole request. */
    public sealed interface PigeonholeReply extends QueryReply {}

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

    /** A BACAP keypair derived from a seed. */
    public record NewKeypairReply(byte[] queryId, byte[] writeCap, byte[] readCap, byte[] firstMessageIndex,
            int errorCode) implements PigeonholeReply {
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
            byte[] envelopeHash, byte[] nextMessageBoxIndex, int errorCode) implements PigeonholeReply {
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
            byte[] envelopeHash, byte[] nextMessageBoxIndex, int errorCode) implements PigeonholeReply {
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
            byte[] courierIdentityHash, byte[] courierQueueId) implements PigeonholeReply {
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
    public record CancelResendingEncryptedMessageReply(byte[] queryId, int errorCode) implements PigeonholeReply {
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
            long failedEnvelopeIndex) implements PigeonholeReply {
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
    public record CancelResendingCopyCommandReply(byte[] queryId, int errorCode) implements PigeonholeReply {
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
            implements PigeonholeReply {
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
    public record GetMessageBoxIndexCounterReply(byte[] queryId, long counter, int errorCode) implements PigeonholeReply {
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

    /** The envelopes of one payload, and the destination index after them. */
    public record CreateCourierEnvelopesFromPayloadReply(byte[] queryId, List<byte[]> envelopes,
            byte[] nextDestIndex, int errorCode) implements PigeonholeReply {
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
            List<byte[]> nextDestIndices, int errorCode) implements PigeonholeReply {
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
            byte[] nextDestIndex, int errorCode) implements PigeonholeReply {
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
            implements PigeonholeReply {
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
            implements PigeonholeReply {
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
            int errorCode) implements PigeonholeReply {
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
            int errorCode) implements PigeonholeReply {
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
}
