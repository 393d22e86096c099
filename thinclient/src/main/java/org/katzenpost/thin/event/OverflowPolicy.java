package org.katzenpost.thin.event;

/**
 * What a bounded event queue does when its consumer falls behind. The reader thread never waits for a
 * consumer, so one of these must happen; each dropped event is counted and logged at WARN.
 */
public enum OverflowPolicy {
    /** Discard the oldest queued event to make room (the consumer sees the most recent state). */
    DROP_OLDEST,
    /** Discard the arriving event (the consumer sees the earliest events without gaps until the gap). */
    DROP_NEWEST,
    /**
     * Stop the subscription: events already queued are still delivered, then {@code poll} throws
     * {@link EventOverflowException}; a listener is removed. For consumers that must never miss an event.
     */
    FAIL
}
