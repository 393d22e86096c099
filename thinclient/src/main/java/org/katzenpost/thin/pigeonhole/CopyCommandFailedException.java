package org.katzenpost.thin.pigeonhole;

import java.util.Optional;
import java.util.OptionalLong;
import org.katzenpost.thin.DaemonErrorException;
import org.katzenpost.thin.ThinErrorCode;

/**
 * A copy command ended with thin code 26: the courier reported that the copy failed, so none of its destination
 * writes happened (copies are all or nothing). {@link #replicaErrorCode()} gives the replica's reason when the
 * courier had one (for example {@link ReplicaErrorCode#BOX_ALREADY_EXISTS} when a destination box was already
 * written), and {@link #failedEnvelopeIndex()} the 1-based position of the failing element in the copy stream.
 *
 * <p>Not an expected outcome in the sense of {@link PigeonholeClient#isExpectedOutcome(Throwable)}, whatever the
 * replica code: the copy did not take place.
 */
public class CopyCommandFailedException extends DaemonErrorException {
    private static final long serialVersionUID = 1L;

    /** The reply's {@code replica_error_code}; 0 when the courier gave none. */
    private final int rawReplicaErrorCode;
    /** The reply's {@code failed_envelope_index}, 1-based; 0 when not applicable. */
    private final long failedEnvelopeIndex;

    /**
     * Creates the exception with thin code 26.
     *
     * @param operation the request that failed, for example {@code start_resending_copy_command}
     * @param rawReplicaErrorCode the reply's {@code replica_error_code}; 0 when the courier gave no replica reason
     * @param failedEnvelopeIndex the reply's {@code failed_envelope_index} (uint64 bits); 0 when not applicable
     */
    public CopyCommandFailedException(String operation, int rawReplicaErrorCode, long failedEnvelopeIndex) {
        super(operation, ThinErrorCode.COPY_COMMAND_FAILED.code());
        this.rawReplicaErrorCode = rawReplicaErrorCode;
        this.failedEnvelopeIndex = failedEnvelopeIndex;
    }

    /**
     * The replica's reason for the failure.
     *
     * @return the code; empty when the courier gave none (code 0) or the number is unknown (see {@link
     *        #rawReplicaErrorCode()})
     */
    public Optional<ReplicaErrorCode> replicaErrorCode() {
        return rawReplicaErrorCode == 0 ? Optional.empty() : ReplicaErrorCode.fromCode(rawReplicaErrorCode);
    }

    /**
     * The replica's reason as it came on the wire.
     *
     * @return the reply's {@code replica_error_code}; 0 when the courier gave none
     */
    public int rawReplicaErrorCode() {
        return rawReplicaErrorCode;
    }

    /**
     * Which element of the copy stream failed.
     *
     * @return its 1-based index within the copy stream (not a box index), as uint64 bits; empty when the reply gave 0
     */
    public OptionalLong failedEnvelopeIndex() {
        return failedEnvelopeIndex == 0 ? OptionalLong.empty() : OptionalLong.of(failedEnvelopeIndex);
    }

    @Override
    public String getMessage() {
        String reason = rawReplicaErrorCode == 0 ? "no replica reason given"
                : ReplicaErrorCode.describe(rawReplicaErrorCode);
        return super.getMessage() + " (" + reason
                + (failedEnvelopeIndex == 0 ? "" : ", at copy-stream element " + Long.toUnsignedString(failedEnvelopeIndex))
                + ")";
    }
}
