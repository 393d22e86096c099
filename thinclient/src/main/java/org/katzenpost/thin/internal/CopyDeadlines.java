package org.katzenpost.thin.internal;

import java.time.Duration;

/**
 * How long a copy command may take. The courier decrypts every copy-stream element and writes its boxes to the
 * replicas before it answers, so no fixed deadline fits every size: a channel's large message
 * ({@code ChannelWriter}) and the store's transfers both wait the call deadline plus a share per element.
 */
public final class CopyDeadlines {
    /**
     * What each copy-stream element adds to a copy command's deadline: measured at about 13 s per element on the
     * 2-core testnet under load (a 100 KiB file, 87 elements, took the courier 18 minutes; docs/performance.md,
     * "File transfer"), so a 10-minute deadline failed a copy that was still making progress. 30 s leaves room
     * for a slower machine.
     */
    public static final Duration COPY_TIME_PER_ELEMENT = Duration.ofSeconds(30);

    private CopyDeadlines() {}

    /**
     * The deadline of a copy command of {@code elements} copy-stream elements.
     *
     * @param timeout the call deadline
     * @param elements the copy stream's elements
     * @return {@code timeout} plus {@link #COPY_TIME_PER_ELEMENT} per element; a "forever" timeout stays one,
     *     without overflowing (docs/api.md)
     */
    public static Duration of(Duration timeout, int elements) {
        if (timeout.compareTo(Durations.LONGEST) >= 0) {
            return Durations.LONGEST;
        }
        Duration d = timeout.plus(COPY_TIME_PER_ELEMENT.multipliedBy(Math.max(0, elements)));
        return d.compareTo(Durations.LONGEST) >= 0 ? Durations.LONGEST : d;
    }
}
