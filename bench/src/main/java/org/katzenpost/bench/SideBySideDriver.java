package org.katzenpost.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.ThinClientConfig;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;

/**
 * The Java driver of the side-by-side harness ({@code scripts/side-by-side}): runs one operation that kpclientd
 * answers without the mixnet, against a running kpclientd, for a fixed time after a warm-up, with
 * {@code --inflight} calls in flight spread over {@code --conns} connections (each in-flight slot issues its
 * next call when the previous one completes), and prints {@value #WINDOW_OPEN} when the measured window opens (for
 * tools that sample this process over it, such as {@code bench/scripts/thread-cpu.py}) and, at the end, one line:
 *
 * <pre>RESULT client=java op=... conns=C inflight=N ops=... secs=... ops_s=... p50_us=... p99_us=... errors=... cpu_us_per_op=...</pre>
 *
 * {@code cpu_us_per_op} is this process's CPU time during the measured window over the calls completed in it.
 *
 * Operations: new_keypair, next_message_box_index, encrypt_write, get_pki_document, connect (a new client:
 * connect, handshake, first next_message_box_index reply; closing is not timed, but it is inside the loop, so it
 * counts in the rate and in the CPU per connect, as in the other clients' drivers).
 */
public final class SideBySideDriver {
    /** The line printed when the warm-up ends and the measured window opens. */
    static final String WINDOW_OPEN = "WINDOW open";

    public static void main(String[] argv) throws Exception {
        String config = "/tmp/kpnet/client/thinclient.toml";
        String op = "next_message_box_index";
        int conns = 1;
        int inflight = 1;
        double warmup = 2;
        double duration = 5;
        for (int i = 0; i + 1 < argv.length; i += 2) {
            String v = argv[i + 1];
            switch (argv[i]) {
                case "--config": config = v; break;
                case "--op": op = v; break;
                case "--conns": conns = Integer.parseInt(v); break;
                case "--inflight": inflight = Integer.parseInt(v); break;
                case "--warmup": warmup = Double.parseDouble(v); break;
                case "--duration": duration = Double.parseDouble(v); break;
                default: throw new IllegalArgumentException("unknown option " + argv[i]);
            }
        }
        ThinClientConfig cfg = ThinClientConfig.load(Path.of(config)).toBuilder()
                .requestTimeout(Duration.ofSeconds(120)).build();
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmup * 1e9);
        long end = measureFrom + (long) (duration * 1e9);
        announceWindowAt(measureFrom);
        LatencyRecorder lat = new LatencyRecorder(8 << 20);
        AtomicLong errors = new AtomicLong();

        List<ThinClient> clients = new ArrayList<>();
        List<PigeonholeClient> phs = new ArrayList<>();
        for (int i = 0; i < Math.max(1, conns); i++) {
            ThinClient c = ThinClient.connect(cfg);
            clients.add(c);
            phs.add(c.pigeonhole().withTimeout(Duration.ofSeconds(120)));
        }
        byte[] seed = PigeonholeClient.randomSeed();
        Keypair kp = phs.get(0).sync().newKeypair(seed);
        byte[] plaintext = new byte[100];

        if (op.equals("connect")) {
            CpuWindow cpu = new CpuWindow(measureFrom, end);
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                ThinClient c = null;
                boolean ok;
                try {
                    c = ThinClient.connect(cfg);
                    c.pigeonhole().sync().nextMessageBoxIndex(kp.firstIndex());
                    ok = true;
                } catch (RuntimeException e) {
                    ok = false;
                    if (errors.get() == 0) {
                        System.err.println("java driver: connect failed: " + e);
                    }
                }
                long d = System.nanoTime() - t0;
                if (c != null) {
                    c.close();
                }
                if (t0 >= measureFrom) {
                    if (ok) {
                        lat.record(d);
                    } else {
                        errors.incrementAndGet();
                    }
                }
            }
            report(op, 1, 1, lat, duration, errors.get(), cpu.nanos());
            clients.forEach(ThinClient::close);
            return;
        }

        CpuWindow cpu = new CpuWindow(measureFrom, end);
        String theOp = op;
        CountDownLatch done = new CountDownLatch(inflight);
        for (int s = 0; s < inflight; s++) {
            PigeonholeClient ph = phs.get(s % phs.size());
            ThinClient tc = clients.get(s % clients.size());
            new Object() {
                void next() {
                    long t0 = System.nanoTime();
                    if (t0 > end) {
                        done.countDown();
                        return;
                    }
                    CompletableFuture<?> f;
                    switch (theOp) {
                        case "new_keypair": f = ph.newKeypair(seed); break;
                        case "next_message_box_index": f = ph.nextMessageBoxIndex(kp.firstIndex()); break;
                        case "encrypt_write": f = ph.encryptWrite(plaintext, kp.writeCap(), kp.firstIndex()); break;
                        case "get_pki_document": f = tc.fetchSignedPkiDocument(0); break;
                        default: throw new IllegalArgumentException("unknown op " + theOp);
                    }
                    f.whenComplete((r, t) -> {
                        long t1 = System.nanoTime();
                        if (t0 >= measureFrom && t1 <= end) {
                            if (t == null) {
                                lat.record(t1 - t0);
                            } else {
                                errors.incrementAndGet();
                            }
                        }
                        next();
                    });
                }
            }.next();
        }
        if (!done.await((long) (warmup + duration + 300), TimeUnit.SECONDS)) {
            System.err.println("java driver: calls still running long after the end");
        }
        report(op, conns, inflight, lat, duration, errors.get(), cpu.nanos());
        clients.forEach(ThinClient::close);
    }

    private static void announceWindowAt(long nanoTime) {
        Thread t = new Thread(() -> {
            try {
                CpuWindow.sleepUntil(nanoTime);
                System.out.println(WINDOW_OPEN);
                System.out.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "window-open");
        t.setDaemon(true);
        t.start();
    }

    /** This process's CPU time (all threads: client, GC, JIT) between two instants, sampled by a thread. */
    static final class CpuWindow {
        private final java.util.concurrent.CompletableFuture<Long> result = new java.util.concurrent.CompletableFuture<>();

        CpuWindow(long from, long to) {
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            Thread t = new Thread(() -> {
                try {
                    sleepUntil(from);
                    long c0 = os.getProcessCpuTime();
                    sleepUntil(to);
                    result.complete(os.getProcessCpuTime() - c0);
                } catch (InterruptedException e) {
                    result.complete(-1L);
                }
            }, "cpu-window");
            t.setDaemon(true);
            t.start();
        }

        private static void sleepUntil(long nanoTime) throws InterruptedException {
            long left;
            while ((left = nanoTime - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
        }

        long nanos() {
            try {
                return result.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                return -1;
            }
        }
    }

    private static void report(String op, int conns, int inflight, LatencyRecorder lat, double secs, long errors,
            long cpuNanos) {
        long[] s = lat.sorted();
        System.out.printf("RESULT client=java op=%s conns=%d inflight=%d ops=%d secs=%.2f ops_s=%.1f p50_us=%.1f "
                + "p99_us=%.1f errors=%d cpu_us_per_op=%.1f%n", op, conns, inflight, s.length, secs, s.length / secs,
                LatencyRecorder.quantile(s, 0.5) / 1e3, LatencyRecorder.quantile(s, 0.99) / 1e3, errors,
                cpuNanos < 0 || s.length == 0 ? -1.0 : cpuNanos / 1e3 / s.length);
    }
}
