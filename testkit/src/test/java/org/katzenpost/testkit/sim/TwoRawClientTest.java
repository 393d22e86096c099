package org.katzenpost.testkit.sim;

import static org.katzenpost.testkit.sim.SimTestSupport.random;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.katzenpost.testkit.KpclientdSimulator;

/**
 * Set-up of the simulator tests with two raw clients, Alice and Bob, both past the handshake, each with a
 * {@link Ph} helper.
 */
abstract class TwoRawClientTest {
    private final Duration pigeonholeLatency;

    KpclientdSimulator sim;
    RawClient alice;
    RawClient bob;
    Ph a;
    Ph b;

    TwoRawClientTest(Duration pigeonholeLatency) {
        this.pigeonholeLatency = pigeonholeLatency;
    }

    @BeforeEach
    void start() throws Exception {
        sim = KpclientdSimulator.builder().pigeonholeLatency(pigeonholeLatency).start();
        alice = RawClient.connect(sim.dial());
        bob = RawClient.connect(sim.dial());
        alice.handshake(random(16));
        bob.handshake(random(16));
        a = new Ph(alice);
        b = new Ph(bob);
    }

    @AfterEach
    void stop() throws Exception {
        alice.close();
        bob.close();
        sim.close();
    }
}
