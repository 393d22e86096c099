package org.katzenpost.thin.internal.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.katzenpost.thin.internal.Futures;
import org.katzenpost.thin.internal.wire.Responses.QueryReply;

/** A request in flight: its encoded bytes (for re-issue), the reply type it expects, its future and timer. */
final class PendingCall<R extends QueryReply> {
    final String requestKind;
    final Class<R> replyType;
    final byte[] body;
    final Reissue reissue;
    final CompletableFuture<R> future;
    volatile ScheduledFuture<?> timer;
    volatile boolean sent;
    /** The number of its frame on {@link #writtenOn}: its reply proves the daemon read that far. */
    long writtenFrame;
    /** The connection its frame was last written on (volatile: published after {@link #writtenFrame}). */
    volatile Connection writtenOn;
    /**
     * Started by a blocking view ({@link org.katzenpost.thin.internal.Futures#awaitCall}): only library stages and
     * a waiting thread depend on the future, so the reader may complete it itself.
     */
    final boolean awaited;

    PendingCall(String requestKind, Class<R> replyType, byte[] body, Reissue reissue) {
        this(requestKind, replyType, body, reissue, new CompletableFuture<>());
    }

    /** With the future the caller gets (a {@code RecordedFuture} when statistics are recorded). */
    PendingCall(String requestKind, Class<R> replyType, byte[] body, Reissue reissue, CompletableFuture<R> future) {
        this.future = future;
        this.requestKind = requestKind;
        this.replyType = replyType;
        this.body = body;
        this.reissue = reissue;
        this.awaited = Futures.startingAwaitedCall();
    }

    boolean accepts(QueryReply reply) {
        return replyType.isInstance(reply);
    }

    void completeWith(QueryReply reply) {
        future.complete(replyType.cast(reply));
    }
}
