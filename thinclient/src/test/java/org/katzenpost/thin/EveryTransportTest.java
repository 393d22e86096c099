package org.katzenpost.thin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.testkit.pki.SyntheticPki;

/** The whole client over each transport: handshake, a large PKI document, a local call, an echo round trip. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EveryTransportTest {
    @TempDir
    Path tmp;

    private static void exercise(KpclientdSimulator sim) {
        try (ThinClient c = ThinClient.connect(sim.thinClientConfigBuilder().reconnect(false).build())) {
            assertThat(c.isMixnetConnected()).isTrue();
            // 100 nodes make a document far above WebSocket's customary 32 KiB message limit.
            assertThat(c.pkiDocument().allNodes()).hasSizeGreaterThan(100);
            assertThat(c.sync().fetchSignedPkiDocument(0).rawBytes().length).isGreaterThan(64 * 1024);
            byte[] reply = c.sync().sendMessage(c.newSurbId(), "over the wire".getBytes(StandardCharsets.UTF_8), c.getService("echo").toDestination(),
                    Duration.ofSeconds(10));
            assertThat(new String(Arrays.copyOf(reply, 13), StandardCharsets.UTF_8)).isEqualTo("over the wire");
        }
    }

    private static SyntheticPki.Built bigDocument() {
        return SyntheticPki.builder().layers(3).mixesPerLayer(34).build();
    }

    @Test
    void tcp() {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().pki(bigDocument()).start()) {
            exercise(sim);
        }
    }

    @Test
    void unixSocketPath() throws Exception {
        Path socket = Files.createDirectories(tmp.resolve("s")).resolve("kpclientd.sock");
        try (KpclientdSimulator sim = KpclientdSimulator.builder().unixPath(socket).pki(bigDocument()).start()) {
            assertThat(sim.dial()).isInstanceOf(Dial.Unix.class);
            exercise(sim);
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void linuxAbstractSocket() {
        String name = "@katzenpost-test-" + UUID.randomUUID();
        try (KpclientdSimulator sim = KpclientdSimulator.builder().abstractUnix(name).pki(bigDocument()).start()) {
            assertThat(((Dial.Unix) sim.dial()).isAbstract()).isTrue();
            exercise(sim);
        }
    }

    @Test
    void webSocket() {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().webSocket().pki(bigDocument()).start()) {
            assertThat(sim.dial()).isInstanceOf(Dial.Ws.class);
            exercise(sim);
        }
    }
}
