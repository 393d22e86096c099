package org.katzenpost.thin.pigeonhole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.katzenpost.thin.pigeonhole.PigeonholeErrorPathsTest.INDEX;
import static org.katzenpost.thin.pigeonhole.PigeonholeErrorPathsTest.failure;

import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.stats.RequestKind;

/**
 * {@link PigeonholeClient#withTimeout} and {@link PigeonholeSync#withTimeout}: a view's deadline is the deadline of
 * each of its calls (docs/api.md, "Deadlines on everything"), and making a view changes nothing else.
 */
class WithTimeoutTest extends TwoClientSimulatorTest {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration DELAY = Duration.ofMillis(2500);

    WithTimeoutTest() {
        super(REQUEST_TIMEOUT);
    }

    @Test
    void theDefaultViewHasTheConfigsRequestTimeout() {
        assertThat(pa.timeout()).isEqualTo(REQUEST_TIMEOUT);
        assertThat(alice.pigeonhole()).isSameAs(pa);
        assertThat(pa.sync().async()).isSameAs(pa);
    }

    @Test
    void aViewHasItsDeadlineAndLeavesTheOriginalUnchanged() {
        PigeonholeClient quick = pa.withTimeout(SHORT);
        assertThat(quick).isNotSameAs(pa);
        assertThat(quick.timeout()).isEqualTo(SHORT);
        assertThat(quick.thinClient()).isSameAs(alice);
        assertThat(quick.sync().async()).isSameAs(quick);
        assertThat(quick.withTimeout(DELAY).timeout()).isEqualTo(DELAY);
        assertThat(quick.timeout()).isEqualTo(SHORT);
        assertThat(pa.timeout()).isEqualTo(REQUEST_TIMEOUT);
        assertThat(alice.pigeonhole().timeout()).isEqualTo(REQUEST_TIMEOUT);

        PigeonholeSync quickSync = pa.sync().withTimeout(SHORT);
        assertThat(quickSync).isNotSameAs(pa.sync());
        assertThat(quickSync.async().timeout()).isEqualTo(SHORT);
        assertThat(pa.sync().async().timeout()).isEqualTo(REQUEST_TIMEOUT);
    }

    @Test
    void zeroNegativeAndNullTimeoutsAreRefusedNamingTheParameter() {
        for (Function<Duration, Object> withTimeout : java.util.List.<Function<Duration, Object>>of(
                pa::withTimeout, d -> pa.sync().withTimeout(d))) {
            for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofNanos(-1), Duration.ofSeconds(-5)}) {
                assertThatThrownBy(() -> withTimeout.apply(bad)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("timeout must be positive");
            }
            assertThatThrownBy(() -> withTimeout.apply(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("timeout");
        }
        assertThat(pa.timeout()).isEqualTo(REQUEST_TIMEOUT);
    }

    @Test
    void aTimeoutBeyondTheNanosecondRangeWaitsAndLeavesNoCallBehind() throws Exception {
        // Duration.ofSeconds(Long.MAX_VALUE), a common "forever", has no long of nanoseconds: it must still work
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        PigeonholeSync patient = pa.sync().withTimeout(forever);
        MessageBoxIndex next = patient.nextMessageBoxIndex(INDEX);
        assertThat(next).isNotNull();
        PigeonholeClient patientAsync = pa.withTimeout(forever);
        ChannelState channel = patientAsync.createChannel().get(10, java.util.concurrent.TimeUnit.SECONDS);
        patientAsync.channelWriter(channel).send("forever".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] got = patientAsync.channelReader(channel).receive(forever);
        assertThat(new String(got, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("forever");
        assertThat(alice.sync().fetchPkiDocument(alice.pkiDocument().epoch(), forever)).isNotNull();
        assertThat(alice.statistics().callsInFlight()).isZero();
    }

    @Test
    void aLocalCallOfAShortViewTimesOutAtItsDeadlineWhileTheDefaultViewWaits() {
        sim.delay(RequestKind.NEXT_MESSAGE_BOX_INDEX, DELAY);
        long t0 = System.nanoTime();
        Throwable t = failure(pa.withTimeout(SHORT).nextMessageBoxIndex(INDEX));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(t).isInstanceOf(RequestTimeoutException.class).hasMessageContaining("next_message_box_index");
        assertThat(took).isGreaterThanOrEqualTo(SHORT.minusMillis(20)); // before DELAY: else the call had succeeded
        // The default view's 10 s outlast the delay (the simulator also serves the first request late).
        assertThat(pa.sync().nextMessageBoxIndex(INDEX)).isNotNull();
    }

    @Test
    void aMixnetCallOfAShortViewTimesOutAtItsDeadlineWhileTheDefaultViewSucceeds() throws Exception {
        Keypair k = pa.sync().newKeypair(PigeonholeClient.randomSeed());
        EncryptedMessage w = pa.sync().encryptWrite(utf8("late"), k.writeCap(), k.firstIndex());
        sim.delay(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, DELAY);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> pa.sync().withTimeout(SHORT).startResendingEncryptedMessage(w))
                .isInstanceOf(RequestTimeoutException.class);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).isGreaterThanOrEqualTo(SHORT.minusMillis(20)); // before DELAY: else the call had succeeded
        // The deadline passing cancels the resend at the daemon.
        assertThat(sim.awaitRequest(RequestKind.CANCEL_RESENDING_ENCRYPTED_MESSAGE, Duration.ofSeconds(5)))
                .isNotNull();

        EncryptedMessage again = pa.sync().encryptWrite(utf8("late"), k.writeCap(), k.firstIndex());
        pa.sync().startResendingEncryptedMessage(again); // waits out the delay within the default 10 s
        EncryptedMessage read = pb.sync().encryptRead(k.readCap(), k.firstIndex());
        sim.delay(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, Duration.ZERO);
        assertThat(pb.sync().startResendingEncryptedMessage(read).requirePlaintext()).isEqualTo(utf8("late"));
    }

    @Test
    void aChannelReaderWaitsItsViewsDeadlineAndAWriterSendsWithinIt() {
        ChannelState state = pa.sync().createChannel();
        ChannelReader reader = pb.withTimeout(SHORT).channelReader(state.forReaderOnly());
        long t0 = System.nanoTime();
        assertThatThrownBy(reader::receive).isInstanceOf(RequestTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(SHORT.minusMillis(20))
                .isLessThan(REQUEST_TIMEOUT);

        sim.delay(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, DELAY);
        ChannelWriter impatient = pa.withTimeout(Duration.ofSeconds(1)).channelWriter(state);
        assertThatThrownBy(() -> impatient.send(utf8("m"))).isInstanceOf(RequestTimeoutException.class);
        assertThat(impatient.hasPendingMessage()).isTrue();
        sim.delay(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, Duration.ZERO);
        impatient.send(utf8("m")); // the retry of the pending message fits in the same deadline now
        assertThat(reader.receive(REQUEST_TIMEOUT)).isEqualTo(utf8("m"));
    }
}
