package org.katzenpost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.SocketPolicy;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.stats.RequestKind;

/** A store call that kpclientd never answers fails with the thin client's own timeout, at the call's deadline. */
class CallTimeoutTest {
    private static final Duration DEADLINE = Duration.ofSeconds(1);

    private final SimulatedDaemon net = new SimulatedDaemon();

    @AfterEach
    void stop() {
        net.close();
    }

    @Test
    void anUnansweredReadFailsWithTheThinClientsTimeoutAtItsDeadline() {
        Keypair kp = net.newKeypair();
        DaemonCalls calls = DaemonCalls.over(net.connect().withTimeout(DEADLINE));
        net.sim.whenNext(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, SocketPolicy.NO_RESPONSE);
        long start = System.nanoTime();
        assertThatThrownBy(() -> calls.readNoRetry(kp.readCap(), kp.firstIndex()))
                // the call's own failure, naming the call, not the store's wait giving up on it
                .isInstanceOf(RequestTimeoutException.class)
                .hasMessageStartingWith("start_resending_encrypted_message got no reply within " + DEADLINE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(DEADLINE)
                .isLessThan(DEADLINE.plus(Await.PAST_DEADLINE));
    }
}
