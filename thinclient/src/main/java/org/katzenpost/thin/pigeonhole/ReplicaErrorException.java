package org.katzenpost.thin.pigeonhole;

import java.util.Objects;
import java.util.Optional;
import org.katzenpost.thin.ThinClientException;
import org.katzenpost.thin.ThinErrorCode;

/**
 * A Pigeonhole read or write ended with a replica error code (1–11, docs/protocol.md#replica-codes), reported in
 * {@code start_resending_encrypted_message_reply}.
 *
 * <p><b>Codes 3 and 4.</b> That reply's {@code error_code} is a mixed namespace (docs/protocol.md#error-namespaces): 1–11 are replica codes,
 * but the daemon also puts the thin codes 3 (invalid request) and 4 (daemon internal error: no PKI document, no
 * courier, bad envelope descriptor, unpadding failure, …) in the same field, and the two cannot be told apart on
 * the wire. This library follows the rule of docs/protocol.md#error-namespaces for the field, as the reference
 * clients do: 3 and 4 become
 * {@link ReplicaErrorCode#INVALID_SIGNATURE} and {@link ReplicaErrorCode#DATABASE_FAILURE}, so code that catches
 * replica errors sees what it would see with the reference clients. Because the reading is uncertain,
 * {@link #ambiguousThinCode()} names the thin code the same number could mean, and the message states both.
 * Neither reading is an expected outcome, and both end the operation, so the choice affects diagnosis only.
 * (Requests this library builds are checked locally, which makes thin 3 unlikely; thin 4 is likely when the
 * reply comes at once, before any mixnet round trip.)
 */
public class ReplicaErrorException extends ThinClientException {
    private static final long serialVersionUID = 1L;

    /** The replica code; never null. */
    private final ReplicaErrorCode code;
    /** The wire request that failed. */
    private final String operation;
    private final transient Courier courier;

    /**
     * Creates the exception for a reply that named no courier.
     *
     * @param operation the wire request that failed, for example {@code start_resending_encrypted_message}
     * @param code the replica code
     * @throws NullPointerException if {@code operation} or {@code code} is null
     */
    public ReplicaErrorException(String operation, ReplicaErrorCode code) {
        this(operation, code, null);
    }

    /**
     * Creates the exception; the message names the operation, the code, and for codes 3 and 4 the thin reading too.
     *
     * @param operation the wire request that failed, for example {@code start_resending_encrypted_message}
     * @param code the replica code
     * @param courier the courier the daemon reported in the reply, or null
     * @throws NullPointerException if {@code operation} or {@code code} is null
     */
    public ReplicaErrorException(String operation, ReplicaErrorCode code, Courier courier) {
        super(message(operation, code));
        this.operation = Objects.requireNonNull(operation, "operation");
        this.code = Objects.requireNonNull(code, "code");
        this.courier = courier;
    }

    private static String message(String operation, ReplicaErrorCode code) {
        String m = operation + " failed: " + ReplicaErrorCode.describe(code.code());
        Optional<ThinErrorCode> alt = ambiguity(code);
        if (alt.isPresent()) {
            m += "; the daemon uses the same number for thin error \"" + alt.get().description()
                    + "\", which cannot be told apart on the wire";
        }
        return m;
    }

    private static Optional<ThinErrorCode> ambiguity(ReplicaErrorCode code) {
        switch (code) {
            case INVALID_SIGNATURE:
                return Optional.of(ThinErrorCode.INVALID_REQUEST);
            case DATABASE_FAILURE:
                return Optional.of(ThinErrorCode.INTERNAL_ERROR);
            default:
                return Optional.empty();
        }
    }

    /**
     * The replica code.
     *
     * @return the code, never null
     */
    public ReplicaErrorCode code() {
        return code;
    }

    /**
     * The code's number as it came on the wire.
     *
     * @return 1..11 (0 is never an error)
     */
    public int rawCode() {
        return code.code();
    }

    /**
     * The wire request that failed.
     *
     * @return for example {@code start_resending_encrypted_message}
     */
    public String operation() {
        return operation;
    }

    /**
     * The courier the daemon used. Not kept when the exception is serialised.
     *
     * @return the courier when the reply named one, else empty
     */
    public Optional<Courier> courier() {
        return Optional.ofNullable(courier);
    }

    /**
     * The thin-namespace code the daemon may have meant instead (docs/protocol.md#error-namespaces).
     *
     * @return {@code INVALID_REQUEST} for code 3, {@code INTERNAL_ERROR} for code 4; empty for every other code
     */
    public Optional<ThinErrorCode> ambiguousThinCode() {
        return ambiguity(code);
    }

    /**
     * Whether the operation finished rather than failed (docs/protocol.md#expected-outcomes): box not found, box
     * already exists, or tombstone. Such an operation must not be retried.
     *
     * @return {@link ReplicaErrorCode#isExpectedOutcome()} of the code
     */
    public boolean isExpectedOutcome() {
        return code.isExpectedOutcome();
    }
}
