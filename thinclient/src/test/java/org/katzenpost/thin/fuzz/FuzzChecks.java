package org.katzenpost.thin.fuzz;

/** The oracles shared by the fuzz targets; a violation is an AssertionError, which Jazzer reports as a finding. */
final class FuzzChecks {
    private FuzzChecks() {}

    /** A decode step; its exceptions are ignored when it is re-run to measure allocation. */
    interface Step {
        void run() throws Exception;
    }

    /**
     * Fails when {@code step}, run on an input of {@code inputLength} bytes, allocated beyond
     * {@link Alloc#budget}. The first call of a code path also loads and initialises classes, so a step over
     * budget is run again and judged on the second run.
     */
    static void allocationWithin(long before, int inputLength, String what, Step step) {
        long used = Alloc.now() - before;
        long budget = Alloc.budget(inputLength);
        if (used <= budget) {
            return;
        }
        long again = Alloc.now();
        try {
            step.run();
        } catch (Exception ignored) {
            // measured for allocation only
        }
        used = Alloc.now() - again;
        if (used > budget) {
            throw new AssertionError(what + " allocated " + used + " bytes for a " + inputLength
                    + "-byte input (budget " + budget + ")");
        }
    }

    static void same(Object first, Object second, String what) {
        if (!Deep.equals(first, second)) {
            throw new AssertionError(what + " changed the value:\n  " + first + "\n  " + second);
        }
    }
}
