package org.katzenpost.thin.pigeonhole;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.ThinClient;

/** Set-up of the simulator tests with two thin clients, Alice and Bob, each with a {@link PigeonholeClient}. */
abstract class TwoClientSimulatorTest {
    private final Duration requestTimeout;

    KpclientdSimulator sim;
    ThinClient alice;
    ThinClient bob;
    PigeonholeClient pa;
    PigeonholeClient pb;

    TwoClientSimulatorTest(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    /** The simulator each test starts; override to configure it. */
    KpclientdSimulator.Builder simulator() {
        return KpclientdSimulator.builder();
    }

    @BeforeEach
    void start() {
        sim = simulator().start();
        alice = ThinClient.connect(sim.thinClientConfigBuilder().requestTimeout(requestTimeout).build());
        bob = ThinClient.connect(sim.thinClientConfigBuilder().requestTimeout(requestTimeout).build());
        pa = alice.pigeonhole();
        pb = bob.pigeonhole();
    }

    @AfterEach
    void stop() {
        alice.close();
        bob.close();
        sim.close();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
