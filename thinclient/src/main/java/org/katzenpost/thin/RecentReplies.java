package org.katzenpost.thin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.katzenpost.thin.event.MessageReplyEvent;

/**
 * The reply futures of a client's latest sends with a SURB, kept by {@link ThinClient#sendMessage} so that
 * {@link ThinClientSync#awaitMessageReply(SurbId, java.time.Duration)} also finds a reply that already arrived.
 * Bounded: beyond {@value #CAPACITY} entries the oldest finished ones are forgotten.
 */
final class RecentReplies {
    static final int CAPACITY = 1024;

    private final Map<SurbId, CompletableFuture<MessageReplyEvent>> bySurb =
            Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<SurbId, CompletableFuture<MessageReplyEvent>> e) {
                    return size() > CAPACITY && e.getValue().isDone();
                }
            });

    void put(SurbId surbId, CompletableFuture<MessageReplyEvent> future) {
        bySurb.put(surbId, future);
    }

    /** The future of a recent send with {@code surbId}, or null. */
    CompletableFuture<MessageReplyEvent> get(SurbId surbId) {
        return bySurb.get(surbId);
    }
}
