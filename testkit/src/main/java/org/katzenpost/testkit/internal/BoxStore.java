package org.katzenpost.testkit.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.katzenpost.thin.pki.ByteKey;

/**
 * The simulated storage replicas: box id → payload or tombstone, shared by every connection of a simulator,
 * with waiters for boxes that do not exist yet (reads retried until the box appears).
 */
final class BoxStore {
    /** A stored box: its plaintext, or a tombstone. */
    record Box(byte[] data, boolean tombstone) {
        static final Box TOMBSTONE = new Box(null, true);
    }

    /** One write of a copy command. */
    record Write(byte[] boxId, Box box) {}

    private final Map<ByteKey, Box> boxes = new HashMap<>();
    private final Map<ByteKey, List<Runnable>> waiters = new HashMap<>();

    synchronized Box get(byte[] boxId) {
        return boxes.get(ByteKey.of(boxId));
    }

    /**
     * Writes a box. Data on an existing box is refused (boxes are write-once; returns false); a tombstone
     * replaces whatever is there. Fires the box's waiters.
     */
    boolean put(byte[] boxId, Box box) {
        List<Runnable> fire;
        synchronized (this) {
            ByteKey k = ByteKey.of(boxId);
            if (!box.tombstone() && boxes.containsKey(k)) {
                return false;
            }
            boxes.put(k, box);
            fire = waiters.remove(k);
        }
        runAll(fire);
        return true;
    }

    /**
     * Applies every write or none: returns -1 on success, else the 0-based position of the first data write
     * whose box already exists.
     */
    int putAll(List<Write> writes) {
        List<Runnable> fire = new ArrayList<>();
        synchronized (this) {
            for (int i = 0; i < writes.size(); i++) {
                Write w = writes.get(i);
                if (!w.box().tombstone() && boxes.containsKey(ByteKey.of(w.boxId()))) {
                    return i;
                }
            }
            for (Write w : writes) {
                ByteKey k = ByteKey.of(w.boxId());
                boxes.put(k, w.box());
                List<Runnable> l = waiters.remove(k);
                if (l != null) {
                    fire.addAll(l);
                }
            }
        }
        runAll(fire);
        return -1;
    }

    /** Runs {@code r} once the box is written (at once, outside the lock, if it already exists). */
    void whenWritten(byte[] boxId, Runnable r) {
        synchronized (this) {
            ByteKey k = ByteKey.of(boxId);
            if (!boxes.containsKey(k)) {
                waiters.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
                return;
            }
        }
        r.run();
    }

    synchronized void forget(byte[] boxId, Runnable r) {
        ByteKey k = ByteKey.of(boxId);
        List<Runnable> l = waiters.get(k);
        if (l != null) {
            l.remove(r);
            if (l.isEmpty()) {
                waiters.remove(k);
            }
        }
    }

    synchronized int size() {
        return boxes.size();
    }

    private static void runAll(List<Runnable> l) {
        if (l != null) {
            for (Runnable r : l) {
                r.run();
            }
        }
    }
}
