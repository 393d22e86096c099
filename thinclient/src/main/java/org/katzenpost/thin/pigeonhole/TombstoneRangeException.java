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
    private final int requested;

    public TombstoneRangeException(TombstoneRangeResult progress, int requested, Throwable cause) {
        super("tombstoneRange stopped after " + progress.tombstoned() + " of " + requested + " boxes: "
                + (cause == null ? "unknown cause" : cause.getMessage()), cause);
        this.progress = progress;
        this.requested = requested;
    }

    /** The boxes done before the failure. */
    public TombstoneRangeResult progress() {
        return progress;
    }

    public int tombstoned() {
        return progress.tombstoned();
    }

    /** The first box not confirmed as tombstoned: where to continue. */
    public MessageBoxIndex nextIndex() {
        return progress.nextIndex();
    }

    public int requested() {
        return requested;
    }
}
