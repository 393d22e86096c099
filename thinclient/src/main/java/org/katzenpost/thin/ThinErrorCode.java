package org.katzenpost.thin;

import java.util.Optional;

/** The thin-client error namespace: {@code error_code} in every daemon reply (docs/protocol.md#thin-codes). */
public enum ThinErrorCode {
    SUCCESS(0, "success"),
    CONNECTION_LOST(1, "connection to the daemon lost"),
    TIMEOUT(2, "operation timed out"),
    INVALID_REQUEST(3, "invalid request"),
    INTERNAL_ERROR(4, "daemon internal error"),
    MAX_RETRIES(5, "maximum retries exceeded"),
    INVALID_CHANNEL(6, "invalid channel"),
    CHANNEL_NOT_FOUND(7, "channel not found"),
    PERMISSION_DENIED(8, "permission denied"),
    INVALID_PAYLOAD(9, "invalid payload"),
    SERVICE_UNAVAILABLE(10, "service unavailable"),
    DUPLICATE_CAPABILITY(11, "duplicate capability"),
    COURIER_CACHE_CORRUPTION(12, "courier cache corruption"),
    PROPAGATION_ERROR(13, "courier could not propagate to replicas"),
    INVALID_WRITE_CAPABILITY(14, "invalid write capability"),
    INVALID_READ_CAPABILITY(15, "invalid read capability"),
    INVALID_RESUME_WRITE_CHANNEL_REQUEST(16, "invalid resume write channel request"),
    INVALID_RESUME_READ_CHANNEL_REQUEST(17, "invalid resume read channel request"),
    IMPOSSIBLE_HASH(18, "impossible hash error"),
    IMPOSSIBLE_NEW_WRITE_CAP(19, "impossible new write capability error"),
    IMPOSSIBLE_NEW_STATEFUL_WRITER(20, "impossible new stateful writer error"),
    CAPABILITY_ALREADY_IN_USE(21, "capability already in use"),
    MKEM_DECRYPTION_FAILED(22, "MKEM decryption failed"),
    BACAP_DECRYPTION_FAILED(23, "BACAP decryption failed"),
    START_RESENDING_CANCELLED(24, "resending cancelled"),
    INVALID_TOMBSTONE_SIGNATURE(25, "invalid tombstone signature"),
    COPY_COMMAND_FAILED(26, "copy command failed"),
    PAYLOAD_TOO_LARGE(27, "payload too large"),
    VOUCHER_HASH_MISMATCH(28, "voucher hash mismatch"),
    VOUCHER_SIGNATURE_INVALID(29, "voucher signature invalid"),
    VOUCHER_SEAL_OPEN_FAILED(30, "voucher sealed reply could not be opened"),
    COURIER_INVALID_ENVELOPE(31, "courier rejected the envelope as invalid"),
    COURIER_INVALID_EPOCH(32, "envelope epoch outside the courier's tolerance");

    private static final ThinErrorCode[] BY_CODE = values();

    private final int code;
    private final String description;

    ThinErrorCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    public static Optional<ThinErrorCode> fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? Optional.of(BY_CODE[code]) : Optional.empty();
    }

    /** "description (code N)", also for numbers this library does not know. */
    public static String describe(int code) {
        return fromCode(code).map(c -> c.description + " (thin code " + code + ")")
                .orElse("unknown thin client error code " + code);
    }
}
