package org.katzenpost.testkit.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.katzenpost.thin.pki.ByteKey;

/**
 * One AppID's state: what a connection (or, after an unclean disconnect, nobody) owns. Guarded by the
 * {@link Sessions} lock.
 */
final class Session {
    final byte[] appId;
    /** Null for a legacy connection that never sent a session_token. */
    ByteKey token;
    /** The connection replies go to; null while detached (grace period). */
    SimConnection attached;
    /** Legacy replies queued while detached, already encoded. */
    final Deque<byte[]> buffered = new ArrayDeque<>();
    ScheduledFuture<?> reaper;
    boolean destroyed;
    /** In-flight Pigeonhole operations, by envelope hash / write-cap hash. */
    final Map<ByteKey, Cancellable> ops = new LinkedHashMap<>();
    final Map<ByteKey, Cancellable> copies = new LinkedHashMap<>();

    Session(byte[] appId) {
        this.appId = appId;
    }

    List<Cancellable> takeAllOps() {
        List<Cancellable> all = new ArrayList<>(ops.values());
        all.addAll(copies.values());
        ops.clear();
        copies.clear();
        return all;
    }

    /** Something in flight that a session teardown must stop silently. */
    interface Cancellable {
        void abandon();
    }
}
