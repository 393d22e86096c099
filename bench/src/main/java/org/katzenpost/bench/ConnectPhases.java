package org.katzenpost.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.ThinClientConfig;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;

/**
 * The side-by-side {@code connect} scenario split into its phases (docs/performance.md, "Connect and close in a
 * loop"): {@code ThinClient.connect}, the first blocking {@code nextMessageBoxIndex}, and {@code close()}, one
 * client at a time, after a warm-up of as many cycles. Prints each phase's p50, p90, p99 and mean, the cycles per
 * second, the process's CPU per cycle, and per kind of thread (Linux, {@code /proc}) its CPU and context switches
 * per cycle, so that a thread that wakes in every cycle shows.
 *
 * <pre>java -cp benchmarks.jar org.katzenpost.bench.ConnectPhases thinclient.toml [cycles] [warm-up cycles]</pre>
 */
public final class ConnectPhases {
    private static final String[] PHASES = {"connect", "first call", "close", "cycle"};

    private ConnectPhases() {}

    public static void main(String[] args) throws Exception {
        ThinClientConfig cfg = ThinClientConfig.load(Path.of(args[0])).toBuilder()
                .requestTimeout(Duration.ofSeconds(120)).build();
        int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : cycles / 2;
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[][] nanos = new long[PHASES.length][cycles];
        try (ThinClient setup = ThinClient.connect(cfg)) {
            Keypair kp = setup.pigeonhole().sync().newKeypair(PigeonholeClient.randomSeed());
            Map<String, long[]> threadsBefore = null;
            long cpuBefore = 0;
            long wallBefore = 0;
            for (int i = -warmup; i < cycles; i++) {
                if (i == 0) {
                    threadsBefore = threads();
                    cpuBefore = os.getProcessCpuTime();
                    wallBefore = System.nanoTime();
                }
                long t0 = System.nanoTime();
                ThinClient c = ThinClient.connect(cfg);
                long t1 = System.nanoTime();
                c.pigeonhole().sync().nextMessageBoxIndex(kp.firstIndex());
                long t2 = System.nanoTime();
                c.close();
                long t3 = System.nanoTime();
                if (i >= 0) {
                    nanos[0][i] = t1 - t0;
                    nanos[1][i] = t2 - t1;
                    nanos[2][i] = t3 - t2;
                    nanos[3][i] = t3 - t0;
                }
            }
            long wall = System.nanoTime() - wallBefore;
            long cpu = os.getProcessCpuTime() - cpuBefore;
            Map<String, long[]> threadsAfter = threads();
            for (int k = 0; k < PHASES.length; k++) {
                long[] x = nanos[k].clone();
                Arrays.sort(x);
                System.out.printf("%-10s p50 %8.1f p90 %8.1f p99 %8.1f mean %8.1f us%n", PHASES[k],
                        x[cycles / 2] / 1e3, x[cycles * 9 / 10] / 1e3, x[cycles * 99 / 100] / 1e3,
                        Arrays.stream(x).average().orElse(0) / 1e3);
            }
            System.out.printf("cycles/s %.1f  cpu us/cycle %.1f%n", cycles / (wall / 1e9), cpu / 1e3 / cycles);
            long tick = 1_000_000_000L / 100; // /proc counts CPU in clock ticks of 10 ms
            Map<String, long[]> baseline = threadsBefore;
            threadsAfter.forEach((name, after) -> {
                long[] before = baseline.getOrDefault(name, new long[2]);
                long cpuTicks = after[0] - before[0];
                long switches = after[1] - before[1];
                if (cpuTicks > 0 || switches > cycles / 10) {
                    System.out.printf("  %-24s cpu %7.1f us/cycle  context switches %5.2f/cycle%n", name,
                            cpuTicks * tick / 1e3 / cycles, (double) switches / cycles);
                }
            });
        }
    }

    /** CPU ticks and context switches per kind of thread (names without their numbers), from /proc. */
    private static Map<String, long[]> threads() {
        Map<String, long[]> out = new TreeMap<>();
        File[] tasks = new File("/proc/self/task").listFiles();
        if (tasks == null) {
            return out;
        }
        for (File task : tasks) {
            try {
                String stat = Files.readString(task.toPath().resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+$", "N");
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long switches = 0;
                for (String line : Files.readAllLines(task.toPath().resolve("status"))) {
                    if (line.contains("ctxt_switches:")) {
                        switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
                long[] v = out.computeIfAbsent(name, n -> new long[2]);
                v[0] += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
                v[1] += switches;
            } catch (IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        return out;
    }
}
