package org.katzenpost.thin.stats;

import java.util.Objects;
import org.katzenpost.thin.event.OverflowPolicy;

/**
 * One open event listener or subscription in a {@link ClientStatistics} snapshot: its bounded queue and the
 * events it lost to overflow.
 *
 * @param consumer {@code "listener"} (added with {@code addListener}, or registered on the config with
 *     {@code ThinClientConfig.Builder.on}) or {@code "subscription"} (from {@code subscribe})
 * @param eventType the simple name of the event type it receives, for instance {@code "MessageReplyEvent"}
 * @param capacity its queue bound
 * @param overflowPolicy what it does when the queue is full
 * @param queued events waiting in its queue when the snapshot was taken
 * @param dropped events it lost because its queue was full
 */
public record EventConsumerStatistics(String consumer, String eventType, int capacity, OverflowPolicy overflowPolicy,
        int queued, long dropped) {
    /**
     * Checks the components.
     *
     * @param consumer "listener" or "subscription"
     * @param eventType the event type's simple name
     * @param capacity the queue bound
     * @param overflowPolicy the overflow policy
     * @param queued events waiting
     * @param dropped events dropped
     * @throws NullPointerException if a reference component is null
     */
    public EventConsumerStatistics {
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(overflowPolicy, "overflowPolicy");
    }
}
