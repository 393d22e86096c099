package org.katzenpost.thin.pigeonhole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.katzenpost.thin.pigeonhole.PigeonholeErrorPathsTest.bytes;
import static org.katzenpost.thin.pigeonhole.PigeonholeErrorPathsTest.failure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.RecordedRequest;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.ThinErrorCode;
import org.katzenpost.thin.stats.RequestKind;

/**
 * {@link PigeonholeClient#readBox} against the simulator: it waits for the box, reads again with a fresh envelope
 * each round (cancelling the round's resend), and ends at the view's deadline.
 */
class ReadBoxTest extends TwoClientSimulatorTest {
    private static final Duration T = Duration.ofSeconds(10);

    ReadBoxTest() {
        super(T);
    }

    private void write(byte[] plaintext, Keypair k, MessageBoxIndex index) {
        pa.sync().startResendingEncryptedMessage(pa.sync().encryptWrite(plaintext, k.writeCap(), index));
    }

    @Test
    void readsABoxWrittenBeforeAndWaitsForOneWrittenAfter() throws Exception {
        Keypair k = pa.sync().newKeypair(bytes(32));
        write(utf8("before"), k, k.firstIndex());
        ResendResult r = pb.sync().readBox(k.readCap(), k.firstIndex());
        assertThat(r.requirePlaintext()).isEqualTo(utf8("before"));
        assertThat(r.courier()).isPresent();

        MessageBoxIndex next = pa.sync().nextMessageBoxIndex(k.firstIndex());
        sim.clearRequests();
        CompletableFuture<ResendResult> waiting = pb.readBox(k.readCap(), next);
        sim.awaitRequest(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, T);
        write(utf8("after"), k, next);
        assertThat(waiting.get(T.toSeconds(), TimeUnit.SECONDS).requirePlaintext()).isEqualTo(utf8("after"));
    }

    /**
     * The case of docs/protocol.md#pigeonhole-arq: the courier keeps answering a read envelope that once saw "not
     * found" so, even after the box is written. Rounds of 700 ms: the first round's resend is cancelled at the
     * daemon when it ends, a fresh envelope follows, and the box written after the first round is read.
     */
    @Test
    void eachRoundEndsWithACancelAndAFreshEnvelopeReadsTheBox() throws Exception {
        sim.setCourierReplaysNotFound(true);
        Keypair k = pa.sync().newKeypair(bytes(32));
        sim.clearRequests();
        CompletableFuture<ResendResult> rounds = pb.withReadRound(Duration.ofMillis(700)).withTimeout(T)
                .readBox(k.readCap(), k.firstIndex());
        RecordedRequest firstPoll = sim.awaitRequest(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, T);
        sim.awaitRequest(r -> r.kind() == RequestKind.CANCEL_RESENDING_ENCRYPTED_MESSAGE
                && firstPoll.envelopeHash().equals(r.envelopeHash()), T);
        write(utf8("n"), k, k.firstIndex());
        assertThat(rounds.get(T.toSeconds(), TimeUnit.SECONDS).requirePlaintext()).isEqualTo(utf8("n"));
        assertThat(sim.requests(RequestKind.ENCRYPT_READ).size()).as("fresh envelopes").isGreaterThanOrEqualTo(2);
    }

    /** The rounds go on through the view's deadline: a view made from a rounds view keeps its rounds. */
    @Test
    void theLastRoundEndsAtTheDeadline() {
        Keypair k = pa.sync().newKeypair(bytes(32));
        sim.clearRequests();
        long start = System.nanoTime();
        Throwable t = failure(pb.withReadRound(Duration.ofMillis(400)).withTimeout(Duration.ofMillis(1500))
                .readBox(k.readCap(), k.firstIndex()));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(t).isInstanceOf(RequestTimeoutException.class);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1500)).isLessThan(T);
        assertThat(sim.requests(RequestKind.ENCRYPT_READ).size()).isBetween(2, 4);
    }

    @Test
    void aTombstoneIsAnExpectedOutcome() {
        Keypair k = pa.sync().newKeypair(bytes(32));
        write(new byte[0], k, k.firstIndex());
        Throwable t = failure(pb.readBox(k.readCap(), k.firstIndex()));
        assertThat(t).isInstanceOf(ReplicaErrorException.class);
        assertThat(((ReplicaErrorException) t).code()).isEqualTo(ReplicaErrorCode.TOMBSTONE);
        assertThat(PigeonholeClient.isExpectedOutcome(t)).isTrue();
    }

    /** A daemon that gives up with "box not found", or whose envelope went stale, is asked again. */
    @Test
    void notFoundAndAStaleEnvelopeAreReadAgain() {
        Keypair k = pa.sync().newKeypair(bytes(32));
        write(utf8("there"), k, k.firstIndex());
        sim.clearRequests();
        sim.failNext(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, ReplicaErrorCode.BOX_ID_NOT_FOUND.code());
        sim.failNext(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, ThinErrorCode.COURIER_INVALID_EPOCH);
        assertThat(pb.sync().readBox(k.readCap(), k.firstIndex()).requirePlaintext()).isEqualTo(utf8("there"));
        assertThat(sim.requests(RequestKind.ENCRYPT_READ)).hasSize(3);
    }

    @Test
    void otherFailuresEndTheRead() {
        Keypair k = pa.sync().newKeypair(bytes(32));
        sim.failNext(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, ThinErrorCode.PROPAGATION_ERROR);
        Throwable t = failure(pb.readBox(k.readCap(), k.firstIndex()));
        assertThat(t).isInstanceOf(org.katzenpost.thin.DaemonErrorException.class);
        assertThat(((org.katzenpost.thin.DaemonErrorException) t).code()).isEqualTo(ThinErrorCode.PROPAGATION_ERROR);
    }

    @Test
    void theViewsDeadlineEndsTheWaitAndCancellingCancelsAtTheDaemon() throws Exception {
        Keypair k = pa.sync().newKeypair(bytes(32));
        long start = System.nanoTime();
        assertThatThrownBy(() -> pb.sync().withTimeout(Duration.ofMillis(800)).readBox(k.readCap(), k.firstIndex()))
                .isInstanceOf(RequestTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(T);

        sim.clearRequests();
        // a deadline and a round far beyond the wait below: only the cancel can end this resend in time
        CompletableFuture<ResendResult> read = pb.withTimeout(Duration.ofMinutes(5)).readBox(k.readCap(),
                k.firstIndex());
        RecordedRequest poll = sim.awaitRequest(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, T);
        read.cancel(false);
        sim.awaitRequest(r -> r.kind() == RequestKind.CANCEL_RESENDING_ENCRYPTED_MESSAGE
                && poll.envelopeHash().equals(r.envelopeHash()), T);
    }

    @Test
    void badArgumentsAreThrownAtOnce() {
        Keypair k = pa.sync().newKeypair(bytes(32));
        assertThatThrownBy(() -> pb.readBox(null, k.firstIndex())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> pb.sync().readBox(k.readCap(), null)).isInstanceOf(NullPointerException.class);
    }
}
