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
 * the wire. This library follows the rule of docs/protocol.md#error-namespaces for the field, and the Go, Python and Rust clients: 3 and 4 become
 * {@link ReplicaErrorCode#INVALID_SIGNATURE} and {@link ReplicaErrorCode#DATABASE_FAILURE}, so code that catches
 * replica errors sees what it would see with the reference clients. Because the reading is uncertain,
 * {@link #ambiguousThinCode()} names the thin code the same number could mean, and the message states both.
 * Neither reading is an expected outcome, and both end the operation, so the choice affects diagnosis only.
 * (Requests this library builds are checked locally, which makes thin 3 unlikely; thin 4 is likely when the
 * reply comes at once, before any mixnet round trip.)
 */
public class ReplicaErrorException extends ThinClientException {
    private static final long serialVersionUID = 1L;

    private final ReplicaErrorCode code;
    private final String operation;
    private final transient Courier courier;

    public ReplicaErrorException(String operation, ReplicaErrorCode code) {
        this(operation, code, null);
    }

    /** {@code courier} is the one the daemon reported in the reply, or null. */
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

    public ReplicaErrorCode code() {
        return code;
    }

    public int rawCode() {
        return code.code();
    }

    /** The wire request that failed, e.g. {@code start_resending_encrypted_message}. */
    public String operation() {
        return operation;
    }

    /** The courier the daemon used, when the reply named one. */
    public Optional<Courier> courier() {
        return Optional.ofNullable(courier);
    }

    /**
     * For codes 3 and 4: the thin-namespace code the daemon may have meant instead ({@code INVALID_REQUEST},
     * {@code INTERNAL_ERROR}); empty for every other code.
     */
    public Optional<ThinErrorCode> ambiguousThinCode() {
        return ambiguity(code);
    }

    /** Box not found, box already exists, or tombstone: the operation finished and must not be retried. */
    public boolean isExpectedOutcome() {
        return code.isExpectedOutcome();
    }
}
