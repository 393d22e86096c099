package org.katzenpost.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Locale;

/**
 * What a process's first unix-socket channel costs beyond a TCP one, step by step, in a fresh JVM
 * (docs/performance.md, "CLI start-up"): the JDK's unix-socket class makes a {@code NativePRNGNonBlocking}
 * {@link SecureRandom} as it is initialised, which reads the security properties and constructs the {@code SUN}
 * provider. A TCP channel is opened first, so the steps after it count only what a unix socket adds; each step is
 * timed on its own, in the order the JDK takes them, and the last one (the unix channel) shows what is left. Run it
 * several times with the flags of the CLI launcher:
 *
 * <pre>{@code
 * for i in 1 2 3 4 5; do
 *   java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp bench/target/benchmarks.jar org.katzenpost.bench.UnixSocketSetup
 * done
 * }</pre>
 */
public final class UnixSocketSetup {
    private UnixSocketSetup() {}

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        long tcpStart = System.nanoTime();
        SocketChannel.open().close(); // the set-up a TCP client needs too: not counted in the steps below
        long t0 = System.nanoTime();
        Security.getProperty("securerandom.source"); // reads java.security
        long t1 = System.nanoTime();
        Security.getProvider("SUN"); // the provider list, and the SUN provider with its table of services
        long t2 = System.nanoTime();
        SecureRandom.getInstance("NativePRNGNonBlocking"); // what sun.nio.ch.UnixDomainSockets asks for
        long t3 = System.nanoTime();
        SocketChannel.open(StandardProtocolFamily.UNIX).close(); // not connected: the set-up only
        long t4 = System.nanoTime();
        System.out.printf(Locale.ROOT, "tcp_channel_ms=%.1f security_properties_ms=%.1f sun_provider_ms=%.1f"
                + " secure_random_ms=%.1f unix_channel_ms=%.1f%n",
                ms(t0 - tcpStart), ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
