package org.katzenpost.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import org.katzenpost.thin.Destination;
import org.katzenpost.thin.QueryId;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.ThinClientConfig;
import org.katzenpost.thin.pki.SignedPkiDocument;

/**
 * The first call from a cold JVM (docs/performance.md, "Footprint"): load {@code thinclient.toml}, connect and
 * hand-shake with kpclientd, {@code getService("echo").toDestination()} (the first BLAKE2b-256), then one
 * daemon-local call ({@code fetchSignedPkiDocument(0)}, answered by kpclientd from its cache, no mixnet round trip).
 *
 * <p>Prints one line of client times in milliseconds, measured with {@link System#nanoTime()} from the start of
 * {@code main} (the JVM's own start-up excluded), and, measured after everything else so that it does not
 * disturb the figures, how long the JVM took to reach {@code main}. {@code bench/first-call.sh} runs it in fresh
 * JVMs on the library's runtime class path only and adds the whole-process wall time measured from outside.
 *
 * <p>Usage: {@code FirstCall <thinclient.toml> [--split]}. With {@code --split}, the first SLF4J logger and the
 * first random id are made before connecting and timed on their own ({@code slf4j_ms}, {@code random_ms}), so that
 * {@code connect_ms} is what is left of the connect.
 */
public final class FirstCall {
    private FirstCall() {}

    /**
     * Runs the first call once and prints its times.
     *
     * @param args the path of {@code thinclient.toml}
     * @throws Exception if a step fails (the run then has no figures)
     */
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        long mainWallMillis = System.currentTimeMillis();
        boolean split = args.length == 2 && args[1].equals("--split");
        if (args.length != 1 && !split) {
            System.err.println("usage: FirstCall <thinclient.toml> [--split]");
            System.exit(2);
        }
        ThinClientConfig config = ThinClientConfig.load(Path.of(args[0]));
        long tConfig = System.nanoTime();
        long tLogger = tConfig;
        long tConnectStart = tConfig;
        if (split) {
            org.slf4j.LoggerFactory.getLogger(FirstCall.class);
            tLogger = System.nanoTime();
            QueryId.random(); // the library's first random bytes (the kernel's random device)
            tConnectStart = System.nanoTime();
        }
        ThinClient client = ThinClient.connect(config);
        long tConnect = System.nanoTime();
        Destination echo = client.getService("echo").toDestination();
        long tDestination = System.nanoTime();
        SignedPkiDocument doc = client.sync().fetchSignedPkiDocument(0);
        long tLocal = System.nanoTime();
        client.close();
        long tClose = System.nanoTime();
        long jvmToMain = mainWallMillis - ManagementFactory.getRuntimeMXBean().getStartTime();
        if (echo.nodeIdHash().length != 32 || doc.rawBytes().length == 0) {
            throw new AssertionError("unexpected results");
        }
        System.out.println(String.format(Locale.ROOT,
                "config_ms=%.1f connect_ms=%.1f destination_ms=%.1f local_call_ms=%.1f client_ms=%.1f close_ms=%.1f"
                        + " jvm_to_main_ms=%d%s",
                ms(tConfig - t0), ms(tConnect - tConnectStart), ms(tDestination - tConnect), ms(tLocal - tDestination),
                ms(tLocal - t0), ms(tClose - tLocal), jvmToMain, !split ? "" : String.format(Locale.ROOT,
                        " slf4j_ms=%.1f random_ms=%.1f", ms(tLogger - tConfig), ms(tConnectStart - tLogger))));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
