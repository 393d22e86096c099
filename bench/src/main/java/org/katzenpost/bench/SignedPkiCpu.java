package org.katzenpost.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.katzenpost.thin.pki.SignedPkiDocument;

/**
 * Thread CPU time per {@link SignedPkiDocument#parse} of the certificate captured from kpclientd v0.0.99 (what
 * {@code fetchSignedPkiDocument} does per reply), as a median over rounds: less disturbed by a loaded machine than
 * JMH's wall-clock time. Only public API, so the same harness runs against an older build by putting that
 * build's thinclient classes first on the class path:
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar org.katzenpost.bench.SignedPkiCpu
 * java -cp /old/thinclient/target/classes:bench/target/benchmarks.jar org.katzenpost.bench.SignedPkiCpu
 * }</pre>
 */
public final class SignedPkiCpu {
    private static volatile Object sink;

    private SignedPkiCpu() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        byte[] payload = Samples.resource("/bench/testnet-v0.0.99-signed-pki-document.cbor");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 3 * perRound; i++) {
            sink = SignedPkiDocument.parse(payload);
        }
        List<Double> us = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            long t0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < perRound; i++) {
                sink = SignedPkiDocument.parse(payload);
            }
            us.add((threads.getCurrentThreadCpuTime() - t0) / 1e3 / perRound);
        }
        Collections.sort(us);
        System.out.printf(Locale.ROOT, "RESULT signed_pki_parse_cpu_us_median=%.2f min=%.2f max=%.2f rounds=%d "
                + "per_round=%d source=%s%n", us.get(us.size() / 2), us.get(0), us.get(us.size() - 1), rounds,
                perRound, SignedPkiDocument.class.getProtectionDomain().getCodeSource().getLocation());
    }
}
