package org.katzenpost.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.thin.pigeonhole.CopyChunks;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.stats.RequestKind;

/** A copy command's deadline grows with the copy: the courier writes every box before it answers. */
class CopyDeadlineTest {
    /** The client's deadline for each mixnet call. */
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(3);

    @TempDir
    Path tmp;

    private final SimulatedDaemon net = new SimulatedDaemon();

    @AfterEach
    void stop() {
        net.close();
    }

    @Test
    void aCopyTheCourierTakesLongerThanOneCallDeadlineToCarryOutStillCompletes() {
        PigeonholeClient client = net.connect().withTimeout(CALL_DEADLINE);
        Keypair kp = net.newKeypair();
        byte[] payload = new byte[SimulatedDaemon.COPY_BOX * 5];
        new Random(9).nextBytes(payload);
        // the courier answers the copy command twice the call deadline late
        net.sim.delay(RequestKind.START_RESENDING_COPY_COMMAND, CALL_DEADLINE.multipliedBy(2));
        try (ChannelStore s = ChannelStore.open(tmp.resolve("c.db"))) {
            s.addWriteChannel("out", kp.writeCap(), kp.readCap(), kp.firstIndex(), ChannelFormat.BOXES);
            Transfer t = new PersistentChannels(s, client).sendCopy("out", "f", payload, null,
                    PersistentChannels.Progress.NONE);
            assertThat(t.state()).isEqualTo(Transfer.State.DONE);
        } finally {
            net.sim.delay(RequestKind.START_RESENDING_COPY_COMMAND, Duration.ZERO);
        }
        assertThat(net.count(RequestKind.START_RESENDING_COPY_COMMAND)).isEqualTo(1);
        assertThat(net.contents(kp)).isEqualTo(payload);
    }

    @Test
    void theDeadlineIsTheCallDeadlinePlusAnAllowancePerElement() {
        DaemonCalls calls = DaemonCalls.over(net.connect().withTimeout(CALL_DEADLINE));
        assertThat(calls.copyDeadline(0)).isEqualTo(CALL_DEADLINE);
        assertThat(calls.copyDeadline(87))
                .isEqualTo(CALL_DEADLINE.plus(CopyChunks.COPY_TIME_PER_ELEMENT.multipliedBy(87)));
        assertThat(CopyChunks.COPY_TIME_PER_ELEMENT).isGreaterThanOrEqualTo(Duration.ofSeconds(13));
    }
}
