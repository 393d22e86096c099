package org.katzenpost.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar on stderr, drawn only when a terminal is attached ({@link CliEnvironment#interactive()});
 * silent otherwise, so scripts and pipes get clean output.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final boolean enabled;
    private final String label;
    private final String unit;
    private long lastDrawn = -1;
    private boolean drawn;

    ProgressBar(PrintWriter err, boolean enabled, String label, String unit) {
        this.err = err;
        this.enabled = enabled;
        this.label = label;
        this.unit = unit;
    }

    synchronized void update(long done, long total) {
        if (!enabled || total <= 0) {
            return;
        }
        long permille = Math.min(1000, done * 1000 / total);
        if (permille == lastDrawn) {
            return;
        }
        lastDrawn = permille;
        int filled = (int) (permille * WIDTH / 1000);
        err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                + String.format("%3d%%", permille / 10) + " " + done + "/" + total + " " + unit + "  ");
        err.flush();
        drawn = true;
    }

    /** Ends the line (if anything was drawn). */
    synchronized void finish() {
        if (enabled && drawn) {
            err.println();
            err.flush();
            drawn = false;
        }
    }
}
