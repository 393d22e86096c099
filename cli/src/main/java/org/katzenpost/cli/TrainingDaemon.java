package org.katzenpost.cli;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.katzenpost.testkit.KpclientdSimulator;

/**
 * The simulated kpclientd of the {@link Training} run. Training loads it in a class loader of its own, so the
 * simulator's classes (and the server side of the sockets) stay out of the start-up cache, whose every class the
 * JVM loads and links when it starts (docs/performance.md, "CLI start-up"). Hence only JDK types in what Training
 * sees of it: {@link Supplier} for the address to dial and {@link AutoCloseable} to stop it.
 *
 * <p>Not a user command.
 */
public final class TrainingDaemon implements Supplier<String>, AutoCloseable {
    private final KpclientdSimulator sim;

    /**
     * Starts a simulator.
     *
     * @param unixSocket the unix socket path to listen on, or {@code null} for a free TCP port on localhost
     */
    public TrainingDaemon(String unixSocket) {
        KpclientdSimulator.Builder b = KpclientdSimulator.builder();
        sim = (unixSocket == null ? b.tcp(0) : b.unixPath(Path.of(unixSocket))).start();
    }

    /** The address to put in thinclient.toml: {@code host:port}, or the socket's path. */
    @Override
    public String get() {
        return sim.dial().address();
    }

    @Override
    public void close() {
        sim.close();
    }
}
