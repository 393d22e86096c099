package org.katzenpost.testkit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.Durations;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.pki.ByteKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kpclientd's session table (docs/protocol.md#session, #disconnect): client token → AppID, kept for a grace period after an
 * unclean disconnect, destroyed at once by thin_close; legacy replies buffered (at most 1000) while detached
 * and flushed before the session_token_reply on resume.
 */
final class Sessions {
    private static final Logger log = LoggerFactory.getLogger(Sessions.class);
    static final int MAX_BUFFERED = 1000;

    private final Object lock = new Object();
    private int droppedWhileDetached;
    private final Map<ByteKey, Session> byToken = new HashMap<>();
    private final ScheduledExecutorService scheduler;
    private final Supplier<byte[]> appIds;
    private final Supplier<Duration> grace;

    Sessions(ScheduledExecutorService scheduler, Supplier<byte[]> appIds, Supplier<Duration> grace) {
        this.scheduler = scheduler;
        this.appIds = appIds;
        this.grace = grace;
    }

    Object lock() {
        return lock;
    }

    /** A fresh session for a newly accepted connection (legacy until it sends a token). */
    void attachNew(SimConnection conn) {
        synchronized (lock) {
            Session s = new Session(appIds.get());
            s.attached = conn;
            conn.session = s;
        }
    }

    /**
     * Handles session_token: rebinds to a known session (resumed) or registers the token. Flushes buffered
     * legacy replies and queues the reply, all under the lock, so nothing can slip in between.
     */
    boolean bind(SimConnection conn, byte[] token) {
        ByteKey key = ByteKey.of(token);
        synchronized (lock) {
            Session current = conn.session;
            if (current == null || current.destroyed || !conn.isOpen()) {
                return false; // the connection is already gone: nothing to bind, nobody to answer
            }
            Session known = byToken.get(key);
            boolean resumed;
            if (known != null && !known.destroyed) {
                resumed = true;
                if (known != current) {
                    if (known.reaper != null) {
                        known.reaper.cancel(false);
                        known.reaper = null;
                    }
                    SimConnection previous = known.attached;
                    if (previous != null && previous != conn) {
                        // the old connection keeps running, with a fresh legacy session of its own
                        Session fresh = new Session(appIds.get());
                        fresh.attached = previous;
                        previous.session = fresh;
                    }
                    if (current != null && current.token == null) {
                        abandonOps(current);
                        current.destroyed = true;
                    }
                    known.attached = conn;
                    conn.session = known;
                }
                int n = known.buffered.size();
                while (!known.buffered.isEmpty()) {
                    conn.enqueueFrame(known.buffered.pollFirst());
                }
                if (n > 0) {
                    log.debug("connection {}: flushed {} buffered replies before session_token_reply", conn.id(), n);
                }
            } else {
                resumed = false;
                if (current.token != null) {
                    byToken.remove(current.token);
                }
                current.token = key;
                byToken.put(key, current);
            }
            // before the reply is queued: a client that has read it must find the handshake complete
            conn.markHandshakeComplete(resumed);
            conn.enqueueFrame(ResponseEncoder.encode(
                    new Responses.SessionTokenReply(conn.session.appId.clone(), resumed)));
            return resumed;
        }
    }

    /** Sends an encoded frame to the session's connection; buffers it (legacy replies) or drops it if none. */
    boolean deliver(Session s, byte[] frame, boolean bufferable, String what) {
        synchronized (lock) {
            if (s.destroyed) {
                log.debug("dropping {}: its session is gone", what);
                return false;
            }
            if (s.attached != null) {
                s.attached.enqueueFrame(frame);
                return true;
            }
            if (bufferable && s.buffered.size() < MAX_BUFFERED) {
                s.buffered.addLast(frame);
                return true;
            }
            log.debug("dropping {}: no connection attached to the session", what);
            droppedWhileDetached++;
            return false;
        }
    }

    /** The connection is gone: thin_close (or no token) destroys the session, otherwise the grace clock starts. */
    void connectionEnded(SimConnection conn, boolean thinClose) {
        synchronized (lock) {
            Session s = conn.session;
            if (s == null || s.destroyed || s.attached != conn) {
                return;
            }
            s.attached = null;
            if (thinClose || s.token == null) {
                destroyLocked(s);
                return;
            }
            Duration g = grace.get();
            s.reaper = scheduler.schedule(() -> {
                synchronized (lock) {
                    if (s.attached == null && !s.destroyed) {
                        log.debug("session grace period over; discarding it");
                        destroyLocked(s);
                    }
                }
            }, Math.max(0, Durations.toNanos(g)), TimeUnit.NANOSECONDS);
        }
    }

    /** Every session is lost (daemon restart). */
    void clear() {
        synchronized (lock) {
            List<Session> all = new ArrayList<>(byToken.values());
            for (Session s : all) {
                destroyLocked(s);
            }
            byToken.clear();
        }
    }

    /** Replies dropped because their session had no connection attached (and they were not buffered). */
    int droppedWhileDetachedCount() {
        synchronized (lock) {
            return droppedWhileDetached;
        }
    }

    /** Replies held for sessions that no connection is attached to. */
    int bufferedCount() {
        synchronized (lock) {
            int n = 0;
            for (Session s : byToken.values()) {
                n += s.buffered.size();
            }
            return n;
        }
    }

    int tokenCount() {
        synchronized (lock) {
            return byToken.size();
        }
    }

    private void destroyLocked(Session s) {
        if (s.destroyed) {
            return;
        }
        s.destroyed = true;
        if (s.reaper != null) {
            s.reaper.cancel(false);
            s.reaper = null;
        }
        if (s.token != null) {
            byToken.remove(s.token, s);
        }
        s.buffered.clear();
        abandonOps(s);
    }

    private static void abandonOps(Session s) {
        for (Session.Cancellable c : s.takeAllOps()) {
            try {
                c.abandon();
            } catch (RuntimeException e) {
                log.warn("abandoning an operation failed", e);
            }
        }
    }
}
