package org.katzenpost.thin.pigeonhole;

import java.util.Optional;

/**
 * The Pigeonhole replica error namespace (docs/protocol.md#replica-codes). These codes reach the
 * client in {@code start_resending_encrypted_message_reply.error_code} (1–11, see {@link ReplicaErrorException}
 * for the overlap with thin codes 3 and 4) and in {@code start_resending_copy_command_reply.replica_error_code}.
 */
public enum ReplicaErrorCode {
    /** 0: no error; never carried by an exception. */
    SUCCESS(0, "success"),
    /** 1: no box with that id: not written yet (or not replicated yet), or expired. An expected outcome. */
    BOX_ID_NOT_FOUND(1, "box not found"),
    /** 2: the box id was malformed. */
    INVALID_BOX_ID(2, "invalid box id"),
    /**
     * 3: the signature was missing or did not verify. Also how the daemon's thin code 3 (invalid request) is read in
     * the mixed field ({@link ReplicaErrorException}).
     */
    INVALID_SIGNATURE(3, "invalid signature"),
    /**
     * 4: the replica's storage failed. Also how the daemon's thin code 4 (internal error) is read in the mixed field
     * ({@link ReplicaErrorException}).
     */
    DATABASE_FAILURE(4, "replica database failure"),
    /** 5: the replica rejected the payload. */
    INVALID_PAYLOAD(5, "invalid payload"),
    /** 6: the replica has no room left. */
    STORAGE_FULL(6, "replica storage full"),
    /** 7: the replica failed on its side. */
    INTERNAL_ERROR(7, "replica internal error"),
    /** 8: the request was for an epoch the replica does not accept. */
    INVALID_EPOCH(8, "invalid epoch"),
    /** 9: the peer replica could not be updated. */
    REPLICATION_FAILED(9, "replication to the peer replica failed"),
    /** 10: the box was already written (boxes are write-once). An expected outcome. */
    BOX_ALREADY_EXISTS(10, "box already exists"),
    /** 11: the box holds a verified tombstone: deliberately deleted. An expected outcome. */
    TOMBSTONE(11, "box is tombstoned");

    private static final ReplicaErrorCode[] BY_CODE = values();

    private final int code;
    private final String description;

    ReplicaErrorCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /**
     * The number on the wire.
     *
     * @return 0..11
     */
    public int code() {
        return code;
    }

    /**
     * A short English description, for messages and logs.
     *
     * @return lower-case text without the number, for example {@code "box not found"}
     */
    public String description() {
        return description;
    }

    /**
     * Whether the code means "the operation finished" rather than "it failed" (docs/protocol.md#expected-outcomes):
     * retrying cannot change the answer.
     *
     * @return true for {@link #BOX_ID_NOT_FOUND}, {@link #BOX_ALREADY_EXISTS} and {@link #TOMBSTONE}
     */
    public boolean isExpectedOutcome() {
        return this == BOX_ID_NOT_FOUND || this == BOX_ALREADY_EXISTS || this == TOMBSTONE;
    }

    /**
     * Looks a wire number up.
     *
     * @param code a replica code
     * @return the constant, or empty for a number this library does not know (negative ones included)
     */
    public static Optional<ReplicaErrorCode> fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? Optional.of(BY_CODE[code]) : Optional.empty();
    }

    /**
     * Describes a wire number for an exception message; works for numbers this library does not know.
     *
     * @param code a replica code
     * @return {@code "description (replica code N)"}, or a text naming the unknown number
     */
    public static String describe(int code) {
        return fromCode(code).map(c -> c.description + " (replica code " + code + ")")
                .orElse("unknown replica error code " + code);
    }
}
