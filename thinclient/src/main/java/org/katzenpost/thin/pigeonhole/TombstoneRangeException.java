package org.katzenpost.thin.pigeonhole;

import org.katzenpost.thin.ThinClientException;

/**
 * {@link PigeonholeClient#tombstoneRange} stopped part way. The boxes from the start index up to (not including)
 * {@link #nextIndex()} are tombstoned ({@link #tombstoned()} of them); the box at {@code nextIndex()} and those
 * after it were not, or not confirmed. The cause is the failure of that box. Call {@code tombstoneRange} again
 * from {@code nextIndex()} to continue: tombstone writes are idempotent.
 */
public class TombstoneRangeException extends ThinClientException {
    private static final long serialVersionUID = 1L;

    private final transient TombstoneRangeResult progress;
    /** How many boxes the call was asked to tombstone. */
    private final int requested;

    /**
     * Creates the exception; the message gives the counts and the cause's message.
     *
     * @param progress the boxes done before the failure
     * @param requested how many boxes the call was asked to tombstone
     * @param cause the failure of the box at {@code progress.nextIndex()}
     */
    public TombstoneRangeException(TombstoneRangeResult progress, int requested, Throwable cause) {
        super("tombstoneRange stopped after " + progress.tombstoned() + " of " + requested + " boxes: "
                + (cause == null ? "unknown cause" : cause.getMessage()), cause);
        this.progress = progress;
        this.requested = requested;
    }

    /**
     * The boxes done before the failure. Not kept when the exception is serialised.
     *
     * @return the count and the index to continue from
     */
    public TombstoneRangeResult progress() {
        return progress;
    }

    /**
     * How many boxes, counted from the start index, are tombstoned.
     *
     * @return 0 to {@link #requested()} - 1
     */
    public int tombstoned() {
        return progress.tombstoned();
    }

    /**
     * The first box not confirmed as tombstoned: where to continue.
     *
     * @return its index
     */
    public MessageBoxIndex nextIndex() {
        return progress.nextIndex();
    }

    /**
     * How many boxes the call was asked to tombstone.
     *
     * @return the call's {@code count}
     */
    public int requested() {
        return requested;
    }
}
