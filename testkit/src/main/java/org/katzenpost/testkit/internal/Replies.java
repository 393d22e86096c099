package org.katzenpost.testkit.internal;

import org.katzenpost.thin.internal.wire.PigeonholeRequests;
import org.katzenpost.thin.internal.wire.PigeonholeResponses;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.internal.wire.Responses.Response;

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
        if (req instanceof PigeonholeRequests.NewKeypair r) {
            return new PigeonholeResponses.NewKeypairReply(r.queryId(), null, null, null, code);
        } else if (req instanceof PigeonholeRequests.EncryptRead r) {
            return new PigeonholeResponses.EncryptReadReply(r.queryId(), null, null, null, null, code);
        } else if (req instanceof PigeonholeRequests.EncryptWrite r) {
            return new PigeonholeResponses.EncryptWriteReply(r.queryId(), null, null, null, null, code);
        } else if (req instanceof PigeonholeRequests.StartResendingEncryptedMessage r) {
            return new PigeonholeResponses.StartResendingEncryptedMessageReply(r.queryId(), null, code, null, null);
        } else if (req instanceof PigeonholeRequests.CancelResendingEncryptedMessage r) {
            return new PigeonholeResponses.CancelResendingEncryptedMessageReply(r.queryId(), code);
        } else if (req instanceof PigeonholeRequests.StartResendingCopyCommand r) {
            return new PigeonholeResponses.StartResendingCopyCommandReply(r.queryId(), code, 0, 0);
        } else if (req instanceof PigeonholeRequests.CancelResendingCopyCommand r) {
            return new PigeonholeResponses.CancelResendingCopyCommandReply(r.queryId(), code);
        } else if (req instanceof PigeonholeRequests.NextMessageBoxIndex r) {
            return new PigeonholeResponses.NextMessageBoxIndexReply(r.queryId(), null, code);
        } else if (req instanceof PigeonholeRequests.GetMessageBoxIndexCounter r) {
            return new PigeonholeResponses.GetMessageBoxIndexCounterReply(r.queryId(), 0, code);
        } else if (req instanceof PigeonholeRequests.CreateCourierEnvelopesFromPayload r) {
            return new PigeonholeResponses.CreateCourierEnvelopesFromPayloadReply(r.queryId(), null, null, code);
        } else if (req instanceof PigeonholeRequests.CreateCourierEnvelopesFromMultiPayload r) {
            return new PigeonholeResponses.CreateCourierEnvelopesFromMultiPayloadReply(r.queryId(), null, null, null,
                    code);
        } else if (req instanceof PigeonholeRequests.CreateCourierEnvelopesFromTombstoneRange r) {
            return new PigeonholeResponses.CreateCourierEnvelopesFromTombstoneRangeReply(r.queryId(), null, null, null,
                    code);
        } else if (req instanceof Requests.GetPkiDocument r) {
            return new Responses.GetPkiDocumentReply(r.queryId(), null, epoch, code);
        } else if (req instanceof Requests.GetDirectoryAuthorities r) {
            return new Responses.GetDirectoryAuthoritiesReply(r.queryId(), null, code);
        } else if (req instanceof PigeonholeRequests.VoucherMint r) {
            return new PigeonholeResponses.VoucherMintReply(r.queryId(), null, null, null, null, null, null, code);
        } else if (req instanceof PigeonholeRequests.VoucherInduct r) {
            return new PigeonholeResponses.VoucherInductReply(r.queryId(), null, null, null, null, null, null, code);
        } else if (req instanceof PigeonholeRequests.VoucherOpen r) {
            return new PigeonholeResponses.VoucherOpenReply(r.queryId(), null, null, null, code);
        } else if (req instanceof PigeonholeRequests.VoucherDeriveStream r) {
            return new PigeonholeResponses.VoucherDeriveStreamReply(r.queryId(), null, null, code);
        }
        return null;
    }
}
