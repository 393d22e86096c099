package org.katzenpost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.RecordedRequest;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.internal.session.PigeonholeAccess;
import org.katzenpost.thin.pigeonhole.EncryptedMessage;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pigeonhole.PigeonholeSync;
import org.katzenpost.thin.pigeonhole.ReplicaErrorException;
import org.katzenpost.thin.pigeonhole.ResendOptions;
import org.katzenpost.thin.stats.RequestKind;

/**
 * The store's reads poll one envelope for at most a round, then make a fresh one (they are
 * {@link PigeonholeClient#readBox}es): a courier that keeps replaying a cached "not found" for an envelope
 * (docs/protocol.md#pigeonhole-arq) cannot make a read miss a box written after its first poll.
 */
class ReadRoundsTest {
    private static final Duration T = Duration.ofSeconds(20);

    private final SimulatedDaemon net = new SimulatedDaemon();

    @AfterEach
    void stop() {
        net.close();
    }

    @Test
    void aBoxWrittenAfterTheFirstPollIsReadInALaterRound() throws Exception {
        net.sim.setCourierReplaysNotFound(true);
        Keypair kp = net.newKeypair();
        DaemonCalls writer = DaemonCalls.over(net.ph);
        byte[] first = "first".getBytes(StandardCharsets.UTF_8);
        byte[] second = "second".getBytes(StandardCharsets.UTF_8);

        // The replay the rounds are for: an envelope answered "not found" before the write (seen by the caller, so
        // no race with the write) keeps that answer after it.
        PigeonholeSync ph = net.ph.sync();
        EncryptedMessage early = ph.encryptRead(kp.readCap(), kp.firstIndex());
        assertThatThrownBy(() -> ph.startResendingEncryptedMessage(early, ResendOptions.NO_RETRY_ON_BOX_ID_NOT_FOUND))
                .isInstanceOf(ReplicaErrorException.class);
        writer.write(kp.writeCap(), kp.firstIndex(), first);
        assertThatThrownBy(() -> ph.withTimeout(Duration.ofSeconds(1)).startResendingEncryptedMessage(early))
                .isInstanceOf(RequestTimeoutException.class);
        assertThat(writer.read(kp.readCap(), kp.firstIndex())).isEqualTo(first);

        // Rounds of 700 ms at the next box: the first round ends (its resend cancelled) before the box is written,
        // and a later round's fresh envelope finds it.
        MessageBoxIndex next = net.next(kp.firstIndex());
        PigeonholeClient reader = PigeonholeAccess.withReadRound(net.connect().withTimeout(T), Duration.ofMillis(700));
        DaemonCalls rounds = DaemonCalls.over(reader);
        net.sim.clearRequests();
        CompletableFuture<byte[]> waiting = CompletableFuture.supplyAsync(() -> rounds.read(kp.readCap(), next));
        RecordedRequest firstPoll = net.sim.awaitRequest(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, T);
        net.sim.awaitRequest(r -> r.kind() == RequestKind.CANCEL_RESENDING_ENCRYPTED_MESSAGE
                && firstPoll.envelopeHash().equals(r.envelopeHash()), T);
        writer.write(kp.writeCap(), next, second);
        assertThat(waiting.get(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo(second);
        assertThat(net.sim.requests(RequestKind.ENCRYPT_READ).size()).as("fresh envelopes").isGreaterThanOrEqualTo(2);
    }
}
