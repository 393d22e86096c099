package org.katzenpost.thin.pigeonhole;

import java.util.Optional;

/**
 * The Pigeonhole replica error namespace ({@code pigeonhole/errors.go}, docs/protocol.md#replica-codes). These codes reach the
 * client in {@code start_resending_encrypted_message_reply.error_code} (1–11, see {@link ReplicaErrorException}
 * for the overlap with thin codes 3 and 4) and in {@code start_resending_copy_command_reply.replica_error_code}.
 */
public enum ReplicaErrorCode {
    SUCCESS(0, "success"),
    /** No box with that id: not written yet (or not replicated yet), or expired. An expected outcome. */
    BOX_ID_NOT_FOUND(1, "box not found"),
    INVALID_BOX_ID(2, "invalid box id"),
    INVALID_SIGNATURE(3, "invalid signature"),
    DATABASE_FAILURE(4, "replica database failure"),
    INVALID_PAYLOAD(5, "invalid payload"),
    STORAGE_FULL(6, "replica storage full"),
    INTERNAL_ERROR(7, "replica internal error"),
    INVALID_EPOCH(8, "invalid epoch"),
    REPLICATION_FAILED(9, "replication to the peer replica failed"),
    /** The box was already written (boxes are write-once). An expected outcome. */
    BOX_ALREADY_EXISTS(10, "box already exists"),
    /** The box holds a verified tombstone: deliberately deleted. An expected outcome. */
    TOMBSTONE(11, "box is tombstoned");

    private static final ReplicaErrorCode[] BY_CODE = values();

    private final int code;
    private final String description;

    ReplicaErrorCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** True for the three codes that mean "the operation finished" rather than "it failed" (docs/protocol.md#expected-outcomes). */
    public boolean isExpectedOutcome() {
        return this == BOX_ID_NOT_FOUND || this == BOX_ALREADY_EXISTS || this == TOMBSTONE;
    }

    public static Optional<ReplicaErrorCode> fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? Optional.of(BY_CODE[code]) : Optional.empty();
    }

    /** "description (replica code N)", also for numbers this library does not know. */
    public static String describe(int code) {
        return fromCode(code).map(c -> c.description + " (replica code " + code + ")")
                .orElse("unknown replica error code " + code);
    }
}
