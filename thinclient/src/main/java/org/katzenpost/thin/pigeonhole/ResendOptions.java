package org.katzenpost.thin.pigeonhole;

/**
 * The two flavours of {@code start_resending_encrypted_message} (docs/protocol.md#pigeonhole-arq).
 *
 * @param noRetryOnBoxIdNotFound reads only (wire flag {@code no_retry_on_box_id_not_found}): when the box does
 *     not exist yet, fail at once with {@link ReplicaErrorCode#BOX_ID_NOT_FOUND} instead of letting the daemon
 *     poll the courier until the box appears (the default, without limit)
 * @param boxAlreadyExistsAsError writes only (wire flag {@code no_idempotent_box_already_exists}): fetch the
 *     replica's write reply (one more round trip) and fail with {@link ReplicaErrorCode#BOX_ALREADY_EXISTS} when
 *     the box was already written, instead of counting that as success (the default)
 */
public record ResendOptions(boolean noRetryOnBoxIdNotFound, boolean boxAlreadyExistsAsError) {
    /** Neither flag: reads wait for the box, writes are idempotent. */
    public static final ResendOptions DEFAULT = new ResendOptions(false, false);
    /** A read that fails with box-not-found at once. */
    public static final ResendOptions NO_RETRY_ON_BOX_ID_NOT_FOUND = new ResendOptions(true, false);
    /** A write that reports box-already-exists as an error. */
    public static final ResendOptions BOX_ALREADY_EXISTS_AS_ERROR = new ResendOptions(false, true);

    /**
     * These options with another read flag.
     *
     * @param v the new {@link #noRetryOnBoxIdNotFound()}
     * @return new options; this record is unchanged
     */
    public ResendOptions withNoRetryOnBoxIdNotFound(boolean v) {
        return new ResendOptions(v, boxAlreadyExistsAsError);
    }

    /**
     * These options with another write flag.
     *
     * @param v the new {@link #boxAlreadyExistsAsError()}
     * @return new options; this record is unchanged
     */
    public ResendOptions withBoxAlreadyExistsAsError(boolean v) {
        return new ResendOptions(noRetryOnBoxIdNotFound, v);
    }
}
