package org.katzenpost.thin.internal.wire;

import static org.katzenpost.thin.internal.wire.WireFields.*;
import java.util.List;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.wire.Requests.QueryRequest;

/**
 * The client → daemon requests of the Pigeonhole calls (docs/protocol.md#pigeonhole: keys and encryption, the ARQ,
 * index helpers, courier envelopes, contact vouchers), one record each. Each record is the client's one home of its
 * kind: its wire key and how the client writes it ({@code writeBody}). The conventions of {@link Requests} hold here.
 */
public final class PigeonholeRequests {
    private PigeonholeRequests() {}

    /** A request of the Pigeonhole calls. */
    public sealed interface PigeonholeRequest extends QueryRequest {}

    /** Derive a BACAP keypair from a 32-byte seed. */
    public record NewKeypair(byte[] queryId, byte[] seed) implements PigeonholeRequest {
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
    }

    /** Encrypt a read of one box. */
    public record EncryptRead(byte[] queryId, byte[] readCap, byte[] messageBoxIndex) implements PigeonholeRequest {
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
    }

    /** A zero-length (non-null) {@code plaintext} means a tombstone; null is an invalid request (error 3). */
    public record EncryptWrite(byte[] queryId, byte[] plaintext, byte[] writeCap, byte[] messageBoxIndex)
            implements PigeonholeRequest {
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
    }

    /**
     * Pigeonhole ARQ send. Exactly one of {@code readCap}/{@code writeCap} is non-null. {@code replyIndex} is
     * omitted when null; the two flags are omitted when false.
     */
    public record StartResendingEncryptedMessage(byte[] queryId, byte[] readCap, byte[] writeCap,
            byte[] messageBoxIndex, Integer replyIndex, byte[] envelopeDescriptor, byte[] messageCiphertext,
            byte[] envelopeHash, boolean noRetryOnBoxIdNotFound, boolean noIdempotentBoxAlreadyExists)
            implements PigeonholeRequest {
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

    /** Stop the daemon's resending of the message with this envelope hash. */
    public record CancelResendingEncryptedMessage(byte[] queryId, byte[] envelopeHash) implements PigeonholeRequest {
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

    /** {@code courierIdentityHash} and {@code courierQueueId} are omitted from the wire when null/empty. */
    public record StartResendingCopyCommand(byte[] queryId, byte[] writeCap, byte[] courierIdentityHash,
            byte[] courierQueueId) implements PigeonholeRequest {
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

    /** Stop the daemon's resending of the copy command for this write cap hash. */
    public record CancelResendingCopyCommand(byte[] queryId, byte[] writeCapHash) implements PigeonholeRequest {
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

    /** The index after {@code messageBoxIndex}. */
    public record NextMessageBoxIndex(byte[] queryId, byte[] messageBoxIndex) implements PigeonholeRequest {
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
    }

    /** The counter (Idx64) of {@code messageBoxIndex}. */
    public record GetMessageBoxIndexCounter(byte[] queryId, byte[] messageBoxIndex) implements PigeonholeRequest {
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
    }

    /** Cut a payload into courier envelopes for a copy stream. */
    public record CreateCourierEnvelopesFromPayload(byte[] queryId, byte[] payload, byte[] destWriteCap,
            byte[] destStartIndex, boolean isStart, boolean isLast) implements PigeonholeRequest {
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
    }

    /** Wire key {@code create_courier_envelopes_from_multi_payload} (Go: CreateCourierEnvelopesFromPayloads). */
    public record CreateCourierEnvelopesFromMultiPayload(byte[] queryId, List<EnvelopeDestination> destinations,
            boolean isStart, boolean isLast, byte[] buffer) implements PigeonholeRequest {
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

        /** One element of {@code destinations}: {@code {payload, write_cap, start_index}}. */
        public record EnvelopeDestination(byte[] payload, byte[] writeCap, byte[] startIndex) {}
    }

    /** {@code maxCount} is a Go uint32 (0 … 2^32-1). */
    public record CreateCourierEnvelopesFromTombstoneRange(byte[] queryId, byte[] destWriteCap,
            byte[] destStartIndex, long maxCount, boolean isStart, boolean isLast, byte[] buffer)
            implements PigeonholeRequest {
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
    }

    /** Mint a contact voucher for a message write cap. */
    public record VoucherMint(byte[] queryId, byte[] messageWriteCap, String displayName) implements PigeonholeRequest {
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
    }

    /** Answer a voucher: seal a reply for its minter. */
    public record VoucherInduct(byte[] queryId, byte[] voucher, byte[] voucherPayload, byte[] whoReply)
            implements PigeonholeRequest {
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
    }

    /** Open a sealed voucher reply with the minter's secret key. */
    public record VoucherOpen(byte[] queryId, byte[] voucherSecretKey, byte[] sealedReply, byte[] messageWriteCap)
            implements PigeonholeRequest {
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
    }

    /** The stream (caps) a voucher alone gives access to. */
    public record VoucherDeriveStream(byte[] queryId, byte[] voucher) implements PigeonholeRequest {
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
    }

}
