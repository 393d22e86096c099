package org.katzenpost.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.ThinClientConfig;

/** A daemon for the client to talk to in a benchmark: the testkit simulator or the {@link RawDaemon}. */
final class Target implements AutoCloseable {
    private final KpclientdSimulator sim;
    private final RawDaemon raw;
    private final Path dir;

    private Target(KpclientdSimulator sim, RawDaemon raw, Path dir) {
        this.sim = sim;
        this.raw = raw;
        this.dir = dir;
    }

    /** server: simulator | raw; transport: tcp | unix. */
    static Target start(String server, String transport) throws IOException {
        if (server.equals("raw")) {
            return new Target(null, RawDaemon.start(transport), null);
        }
        if (!server.equals("simulator")) {
            throw new IllegalArgumentException("server must be simulator or raw, got " + server);
        }
        KpclientdSimulator.Builder b = KpclientdSimulator.builder();
        Path dir = null;
        if (transport.equals("unix")) {
            dir = Files.createTempDirectory("kpsim");
            b.unixPath(dir.resolve("s"));
        } else {
            b.tcp();
        }
        return new Target(b.start(), null, dir);
    }

    ThinClientConfig.Builder config() {
        ThinClientConfig.Builder b = sim != null ? sim.thinClientConfigBuilder() : raw.configBuilder();
        return b.reconnect(false).requestTimeout(Duration.ofSeconds(60));
    }

    KpclientdSimulator simulator() {
        return sim;
    }

    RawDaemon raw() {
        return raw;
    }

    /** Forgets what the simulator recorded (it keeps every request), so long runs do not grow its heap. */
    void forgetHistory() {
        if (sim != null) {
            sim.clearRequests();
        }
    }

    @Override
    public void close() {
        if (sim != null) {
            sim.close();
        }
        if (raw != null) {
            raw.close();
        }
        if (dir != null) {
            try {
                Files.deleteIfExists(dir.resolve("s"));
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
