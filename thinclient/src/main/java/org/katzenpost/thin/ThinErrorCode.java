package org.katzenpost.thin;

import java.util.Optional;

/**
 * The thin-client error namespace: {@code error_code} in every daemon reply (docs/protocol.md#thin-codes).
 * One reply uses a mixed namespace that is read as {@link org.katzenpost.thin.pigeonhole.ReplicaErrorCode}
 * instead (docs/protocol.md#error-namespaces). Numbers this library does not know are kept as numbers
 * ({@link DaemonErrorException#rawCode()}); {@link #fromCode(int)} returns empty for them.
 */
public enum ThinErrorCode {
    /** 0: the request succeeded; never carried by an exception. */
    SUCCESS(0, "success"),
    /** 1: the daemon lost its link to the mixnet; sent by daemons up to v0.0.72 only. */
    CONNECTION_LOST(1, "connection to the daemon lost"),
    /** 2: the daemon gave up waiting; defined but not sent by current daemons. */
    TIMEOUT(2, "operation timed out"),
    /** 3: a field was missing, null or of the wrong size, or voucher input was bad. */
    INVALID_REQUEST(3, "invalid request"),
    /** 4: the daemon failed on its side: no PKI document, no courier, a compose or unpadding failure. */
    INTERNAL_ERROR(4, "daemon internal error"),
    /** 5: the daemon's own retransmissions ran out; only older daemons, which had their own ARQ. */
    MAX_RETRIES(5, "maximum retries exceeded"),
    /** 6: the channel was invalid; only the old channel API sent it. */
    INVALID_CHANNEL(6, "invalid channel"),
    /** 7: the channel was unknown; only the old channel API sent it. */
    CHANNEL_NOT_FOUND(7, "channel not found"),
    /** 8: the request was not allowed; defined but not sent by current daemons. */
    PERMISSION_DENIED(8, "permission denied"),
    /** 9: the payload was rejected; defined but not sent by current daemons. */
    INVALID_PAYLOAD(9, "invalid payload"),
    /** 10: no cached PKI document for the requested epoch, or no directory authorities configured. */
    SERVICE_UNAVAILABLE(10, "service unavailable"),
    /** 11: the capability was already registered; defined but not sent by current daemons. */
    DUPLICATE_CAPABILITY(11, "duplicate capability"),
    /** 12: the courier's cache was corrupt (courier code 2, remapped by the daemon). */
    COURIER_CACHE_CORRUPTION(12, "courier cache corruption"),
    /** 13: the courier could not propagate the envelope to the replicas (courier code 3, remapped). */
    PROPAGATION_ERROR(13, "courier could not propagate to replicas"),
    /** 14: the write capability was invalid; defined but not sent by current daemons. */
    INVALID_WRITE_CAPABILITY(14, "invalid write capability"),
    /** 15: the read capability was invalid; defined but not sent by current daemons. */
    INVALID_READ_CAPABILITY(15, "invalid read capability"),
    /** 16: a write channel could not be resumed; only the old channel API sent it. */
    INVALID_RESUME_WRITE_CHANNEL_REQUEST(16, "invalid resume write channel request"),
    /** 17: a read channel could not be resumed; only the old channel API sent it. */
    INVALID_RESUME_READ_CHANNEL_REQUEST(17, "invalid resume read channel request"),
    /** 18: an internal hashing step failed; defined but not sent by current daemons. */
    IMPOSSIBLE_HASH(18, "impossible hash error"),
    /** 19: a write capability could not be created; defined but not sent by current daemons. */
    IMPOSSIBLE_NEW_WRITE_CAP(19, "impossible new write capability error"),
    /** 20: a stateful writer could not be created; defined but not sent by current daemons. */
    IMPOSSIBLE_NEW_STATEFUL_WRITER(20, "impossible new stateful writer error"),
    /** 21: the capability was already in use; defined but not sent by current daemons. */
    CAPABILITY_ALREADY_IN_USE(21, "capability already in use"),
    /** 22: the courier's reply opened under none of the replica keys. */
    MKEM_DECRYPTION_FAILED(22, "MKEM decryption failed"),
    /** 23: the box payload did not decrypt or its signature did not verify. */
    BACAP_DECRYPTION_FAILED(23, "BACAP decryption failed"),
    /** 24: a start-resending operation (message or copy command) was cancelled. */
    START_RESENDING_CANCELLED(24, "resending cancelled"),
    /** 25: a tombstone's signature did not verify. */
    INVALID_TOMBSTONE_SIGNATURE(25, "invalid tombstone signature"),
    /** 26: a copy command failed; the replica code, if any, says why. */
    COPY_COMMAND_FAILED(26, "copy command failed"),
    /** 27: the payload was too large; defined but never sent (this library checks sizes first). */
    PAYLOAD_TOO_LARGE(27, "payload too large"),
    /** 28: the payload does not hash to the voucher. */
    VOUCHER_HASH_MISMATCH(28, "voucher hash mismatch"),
    /** 29: the signed request inside the voucher payload did not verify. */
    VOUCHER_SIGNATURE_INVALID(29, "voucher signature invalid"),
    /** 30: the sealed voucher reply did not open. */
    VOUCHER_SEAL_OPEN_FAILED(30, "voucher sealed reply could not be opened"),
    /**
     * 31: the courier rejected the envelope as invalid (courier code 1, or a courier code the daemon does not know).
     */
    COURIER_INVALID_ENVELOPE(31, "courier rejected the envelope as invalid"),
    /** 32: the envelope's replica epoch is outside the courier's window (courier code 4). */
    COURIER_INVALID_EPOCH(32, "envelope epoch outside the courier's tolerance");

    private static final ThinErrorCode[] BY_CODE = values();

    private final int code;
    private final String description;

    ThinErrorCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /**
     * The number on the wire.
     *
     * @return 0..32
     */
    public int code() {
        return code;
    }

    /**
     * A short English description, for messages and logs.
     *
     * @return lower-case text without the number, for example {@code "invalid request"}
     */
    public String description() {
        return description;
    }

    /**
     * Looks a wire number up.
     *
     * @param code the daemon's {@code error_code}
     * @return the constant, or empty for a number this library does not know (negative ones included)
     */
    public static Optional<ThinErrorCode> fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? Optional.of(BY_CODE[code]) : Optional.empty();
    }

    /**
     * Describes a wire number for an exception message; works for numbers this library does not know.
     *
     * @param code the daemon's {@code error_code}
     * @return {@code "description (thin code N)"}, or {@code "unknown thin client error code N"}
     */
    public static String describe(int code) {
        return fromCode(code).map(c -> c.description + " (thin code " + code + ")")
                .orElse("unknown thin client error code " + code);
    }
}
