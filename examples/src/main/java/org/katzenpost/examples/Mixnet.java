package org.katzenpost.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.ThinClientConfig;

/**
 * How every example connects: with {@code --config PATH} to the kpclientd of that {@code thinclient.toml};
 * without it, to an in-process simulator of kpclientd and the mixnet (and it says so).
 *
 * <pre>{@code
 * try (Mixnet net = Mixnet.connect(args)) {
 *     ThinClient client = net.client();
 *     ...
 * }
 * }</pre>
 */
public final class Mixnet implements AutoCloseable {
    private final KpclientdSimulator simulator;
    private final ThinClient client;

    private Mixnet(KpclientdSimulator simulator, ThinClient client) {
        this.simulator = simulator;
        this.client = client;
    }

    /** Connects as the arguments say: {@code --config PATH}, or the simulator when there is none. */
    public static Mixnet connect(String[] args) {
        Path config = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                config = Path.of(args[++i]);
            } else if (args[i].startsWith("--config=")) {
                config = Path.of(args[i].substring("--config=".length()));
            }
        }
        if (config != null) {
            if (!Files.isRegularFile(config)) {
                throw new IllegalArgumentException("no such configuration file: " + config);
            }
            System.out.println("Using kpclientd from " + config);
            return new Mixnet(null, ThinClient.connect(ThinClientConfig.load(config)));
        }
        System.out.println("No --config given: using the in-process SIMULATOR of kpclientd and the mixnet"
                + " (nothing leaves this machine). Pass --config PATH/thinclient.toml for a real daemon.");
        KpclientdSimulator sim = KpclientdSimulator.builder().tcp().start();
        try {
            return new Mixnet(sim, ThinClient.connect(sim.thinClientConfig()));
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    public ThinClient client() {
        return client;
    }

    public boolean isSimulated() {
        return simulator != null;
    }

    @Override
    public void close() {
        client.close();
        if (simulator != null) {
            simulator.close();
            System.out.println("(that was the SIMULATOR, not a mixnet)");
        }
    }
}
