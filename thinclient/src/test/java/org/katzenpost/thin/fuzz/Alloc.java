package org.katzenpost.thin.fuzz;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated on the heap by the current thread (HotSpot's per-thread TLAB accounting), to bound what a
 * decoder allocates for one input. Falls back to "unknown" (0 deltas) on VMs without the counter.
 */
public final class Alloc {
    private static final com.sun.management.ThreadMXBean BEAN = bean();

    private Alloc() {}

    private static com.sun.management.ThreadMXBean bean() {
        java.lang.management.ThreadMXBean b = ManagementFactory.getThreadMXBean();
        if (b instanceof com.sun.management.ThreadMXBean s && s.isThreadAllocatedMemorySupported()) {
            s.setThreadAllocatedMemoryEnabled(true);
            return s;
        }
        return null;
    }

    public static boolean supported() {
        return BEAN != null;
    }

    /** A reading of this thread's allocation counter; subtract two readings for the bytes allocated between. */
    public static long now() {
        return BEAN == null ? 0 : BEAN.getCurrentThreadAllocatedBytes();
    }

    /** Jazzer's fuzzing mode instruments the code under test; its hooks allocate on many comparisons. */
    static final boolean FUZZING = System.getenv("JAZZER_FUZZ") != null && !System.getenv("JAZZER_FUZZ").isEmpty();

    /**
     * The budget a decoder may allocate for an input of {@code n} bytes: the decoded value model costs a few
     * dozen bytes per one-byte item (an empty map is a LinkedHashMap, an empty text a CharsetDecoder and a
     * String), exception messages and stack traces a few KiB. Under fuzzing the instrumentation adds up to a
     * few KiB per decoded item, so the budget is wider there; either way, anything sized by a declared length
     * rather than by the bytes present (up to 2^64) blows far past it.
     */
    public static long budget(int n) {
        return FUZZING ? 16L * 1024 * 1024 + 16L * 1024 * n : 1024L * 1024 + 512L * n;
    }
}
