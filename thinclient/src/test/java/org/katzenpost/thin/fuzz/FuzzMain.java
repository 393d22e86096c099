package org.katzenpost.thin.fuzz;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.PrintWriter;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one {@code @FuzzTest} method through the JUnit launcher, for {@code scripts/fuzz}: Jazzer fuzzes a
 * single target per JVM, and running it here rather than under Surefire keeps libFuzzer's statistics on this
 * process's stderr. Usage: {@code FuzzMain <fully.qualified.Class#method>}; set {@code JAZZER_FUZZ=1} to fuzz
 * (otherwise the corpus is only replayed) and {@code -Djazzer.max_duration=30s} to bound it.
 */
public final class FuzzMain {
    private FuzzMain() {}

    public static void main(String[] args) {
        if (args.length != 1 || !args[0].contains("#")) {
            System.err.println("usage: FuzzMain <fully.qualified.Class#method>");
            System.exit(2);
        }
        // Every fuzz target takes one byte[]; only the Jupiter engine runs @FuzzTest.
        String target = args[0].contains("(") ? args[0] : args[0] + "(byte[])";
        LauncherDiscoveryRequestBuilder b = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(target))
                .filters(EngineFilter.includeEngines("junit-jupiter"));
        // Per-input time limit (seconds): an input that takes longer is reported as a hang.
        String timeout = System.getProperty("fuzz.input_timeout", "10");
        b.configurationParameter("jazzer.internal.arg.0", "fuzz");
        b.configurationParameter("jazzer.internal.arg.1", "-timeout=" + timeout);
        b.configurationParameter("jazzer.internal.arg.2", "-print_final_stats=1");
        LauncherDiscoveryRequest request = b.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        summary.printFailuresTo(out, 30);
        System.out.printf("FUZZ-SUMMARY %s: tests found %d, succeeded %d, failed %d, skipped %d, %d ms%n", args[0],
                summary.getTestsFoundCount(), summary.getTestsSucceededCount(), summary.getTestsFailedCount(),
                summary.getTestsSkippedCount(), summary.getTimeFinished() - summary.getTimeStarted());
        System.exit(summary.getTotalFailureCount() == 0 && summary.getTestsFoundCount() > 0 ? 0 : 1);
    }
}
