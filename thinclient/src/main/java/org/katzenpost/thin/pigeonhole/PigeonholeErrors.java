package org.katzenpost.thin.pigeonhole;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.katzenpost.thin.DaemonErrorException;
import org.katzenpost.thin.PayloadTooLargeException;
import org.katzenpost.thin.ThinClientException;
import org.katzenpost.thin.ThinErrorCode;

/**
 * Maps the daemon's error codes to exceptions (docs/protocol.md#errors). Every non-zero code becomes a typed
 * {@link ThinClientException}; none ends as a bare string.
 */
final class PigeonholeErrors {
    private PigeonholeErrors() {}

    /** A thin-namespace code (every reply except the resend reply's mixed field), non-zero. */
    static ThinClientException thin(String operation, int code) {
        if (code == ThinErrorCode.START_RESENDING_CANCELLED.code()) {
            return new ResendingCancelledException(operation, null);
        }
        if (code == ThinErrorCode.COPY_COMMAND_FAILED.code()) {
            return new CopyCommandFailedException(operation, 0, 0);
        }
        if (code == ThinErrorCode.PAYLOAD_TOO_LARGE.code()) {
            return new PayloadTooLargeException(operation + " failed: " + ThinErrorCode.describe(code));
        }
        return new DaemonErrorException(operation, code);
    }

    /**
     * The mixed namespace of {@code start_resending_encrypted_message_reply.error_code} (docs/protocol.md#error-namespaces), non-zero: 1–11
     * are replica codes (including 3 and 4, which the daemon also uses for thin "invalid request" and "internal
     * error"; see {@link ReplicaErrorException}), everything else is read as a thin code.
     */
    static ThinClientException resend(String operation, int code, Courier courier) {
        if (code >= 1 && code <= 11) {
            return new ReplicaErrorException(operation, ReplicaErrorCode.fromCode(code).orElseThrow(), courier);
        }
        if (code == ThinErrorCode.START_RESENDING_CANCELLED.code()) {
            return new ResendingCancelledException(operation, courier);
        }
        return thin(operation, code);
    }

    /** {@code start_resending_copy_command_reply}: thin namespace, with the replica reason for code 26. */
    static ThinClientException copy(String operation, int code, int replicaErrorCode, long failedEnvelopeIndex) {
        if (code == ThinErrorCode.COPY_COMMAND_FAILED.code()) {
            return new CopyCommandFailedException(operation, replicaErrorCode, failedEnvelopeIndex);
        }
        return thin(operation, code);
    }

    /** Strips the CompletionException / ExecutionException wrappers that futures add. */
    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static boolean isExpectedOutcome(Throwable t) {
        Throwable c = unwrap(t);
        return c instanceof ReplicaErrorException && ((ReplicaErrorException) c).isExpectedOutcome();
    }

    /** The replica code of {@code t} (unwrapped), or null. */
    static ReplicaErrorCode replicaCode(Throwable t) {
        Throwable c = unwrap(t);
        return c instanceof ReplicaErrorException ? ((ReplicaErrorException) c).code() : null;
    }

    /** Whether {@code t} (unwrapped) is a daemon error with thin code {@code code}. */
    static boolean isThinCode(Throwable t, ThinErrorCode code) {
        Throwable c = unwrap(t);
        return c instanceof DaemonErrorException && ((DaemonErrorException) c).rawCode() == code.code();
    }
}
