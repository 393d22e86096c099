package org.katzenpost.testkit.internal;

import org.katzenpost.thin.internal.wire.BoxMessages;
import org.katzenpost.thin.internal.wire.CourierEnvelopeMessages;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.ResendMessages;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.internal.wire.Responses.Response;
import org.katzenpost.thin.internal.wire.VoucherMessages;

/** Error replies shaped like kpclientd's: query_id and error_code set, every other field null/0/false. */
final class Replies {
    /** Thin-namespace codes used by the simulator (docs/protocol.md#thin-codes). */
    static final int OK = 0;
    static final int INVALID_REQUEST = 3;
    static final int INTERNAL_ERROR = 4;
    static final int SERVICE_UNAVAILABLE = 10;
    static final int MKEM_DECRYPTION_FAILED = 22;
    static final int BACAP_DECRYPTION_FAILED = 23;
    static final int CANCELLED = 24;
    static final int COPY_COMMAND_FAILED = 26;
    static final int VOUCHER_HASH_MISMATCH = 28;
    static final int VOUCHER_SIGNATURE_INVALID = 29;
    static final int VOUCHER_SEAL_OPEN_FAILED = 30;
    static final int COURIER_INVALID_ENVELOPE = 31;
    /** Replica namespace (docs/protocol.md#replica-codes). */
    static final int REPLICA_BOX_NOT_FOUND = 1;
    static final int REPLICA_BOX_ALREADY_EXISTS = 10;
    static final int REPLICA_TOMBSTONE = 11;

    private Replies() {}

    /**
     * The error reply to {@code req}, or null for a request that has no reply (session_token, thin_close,
     * send_message, unknown variants). {@code epoch} is only used by get_pki_document.
     */
    static Response error(Request req, int code, long epoch) {
        if (req instanceof BoxMessages.NewKeypair r) {
            return new BoxMessages.NewKeypairReply(r.queryId(), null, null, null, code);
        } else if (req instanceof BoxMessages.EncryptRead r) {
            return new BoxMessages.EncryptReadReply(r.queryId(), null, null, null, null, code);
        } else if (req instanceof BoxMessages.EncryptWrite r) {
            return new BoxMessages.EncryptWriteReply(r.queryId(), null, null, null, null, code);
        } else if (req instanceof ResendMessages.StartResendingEncryptedMessage r) {
            return new ResendMessages.StartResendingEncryptedMessageReply(r.queryId(), null, code, null, null);
        } else if (req instanceof ResendMessages.CancelResendingEncryptedMessage r) {
            return new ResendMessages.CancelResendingEncryptedMessageReply(r.queryId(), code);
        } else if (req instanceof ResendMessages.StartResendingCopyCommand r) {
            return new ResendMessages.StartResendingCopyCommandReply(r.queryId(), code, 0, 0);
        } else if (req instanceof ResendMessages.CancelResendingCopyCommand r) {
            return new ResendMessages.CancelResendingCopyCommandReply(r.queryId(), code);
        } else if (req instanceof BoxMessages.NextMessageBoxIndex r) {
            return new BoxMessages.NextMessageBoxIndexReply(r.queryId(), null, code);
        } else if (req instanceof BoxMessages.GetMessageBoxIndexCounter r) {
            return new BoxMessages.GetMessageBoxIndexCounterReply(r.queryId(), 0, code);
        } else if (req instanceof CourierEnvelopeMessages.CreateCourierEnvelopesFromPayload r) {
            return new CourierEnvelopeMessages.CreateCourierEnvelopesFromPayloadReply(r.queryId(), null, null, code);
        } else if (req instanceof CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayload r) {
            return new CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayloadReply(r.queryId(), null, null,
                    null,
                    code);
        } else if (req instanceof CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRange r) {
            return new CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRangeReply(r.queryId(), null, null,
                    null,
                    code);
        } else if (req instanceof Requests.GetPkiDocument r) {
            return new Responses.GetPkiDocumentReply(r.queryId(), null, epoch, code);
        } else if (req instanceof Requests.GetDirectoryAuthorities r) {
            return new Responses.GetDirectoryAuthoritiesReply(r.queryId(), null, code);
        } else if (req instanceof VoucherMessages.VoucherMint r) {
            return new VoucherMessages.VoucherMintReply(r.queryId(), null, null, null, null, null, null, code);
        } else if (req instanceof VoucherMessages.VoucherInduct r) {
            return new VoucherMessages.VoucherInductReply(r.queryId(), null, null, null, null, null, null, code);
        } else if (req instanceof VoucherMessages.VoucherOpen r) {
            return new VoucherMessages.VoucherOpenReply(r.queryId(), null, null, null, code);
        } else if (req instanceof VoucherMessages.VoucherDeriveStream r) {
            return new VoucherMessages.VoucherDeriveStreamReply(r.queryId(), null, null, code);
        }
        return null;
    }
}
