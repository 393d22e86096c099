package org.katzenpost.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.stats.RequestKind;

/**
 * Every public {@code Duration} parameter of the testkit is checked the way the thin client checks its own
 * (docs/api.md, "Deadlines on everything"): null gives a {@link NullPointerException} naming the parameter, an
 * out-of-range value an {@link IllegalArgumentException} naming it. Timeouts must be positive; delays and
 * latencies, where zero means "none", must be zero or positive.
 */
class DurationParametersTest {
    private static final Duration NEGATIVE = Duration.ofMillis(-1);

    private static KpclientdSimulator sim;

    @BeforeAll
    static void start() {
        sim = KpclientdSimulator.builder().start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    /** A call that only takes the duration, so that an unchecked one shows up as a missing exception. */
    private interface DurationCall {
        void call(Duration d) throws Exception;
    }

    private static void assertPositive(String name, DurationCall call) {
        assertThatThrownBy(() -> call.call(null)).as(name + " null")
                .isInstanceOf(NullPointerException.class).hasMessage(name);
        assertThatThrownBy(() -> call.call(NEGATIVE)).as(name + " negative")
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(name + " must be positive");
        assertThatThrownBy(() -> call.call(Duration.ZERO)).as(name + " zero")
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(name + " must be positive");
    }

    private static void assertNonNegative(String name, DurationCall call) {
        assertThatThrownBy(() -> call.call(null)).as(name + " null")
                .isInstanceOf(NullPointerException.class).hasMessage(name);
        assertThatThrownBy(() -> call.call(NEGATIVE)).as(name + " negative")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(name + " must be zero or positive");
        assertThatCode(() -> call.call(Duration.ZERO)).as(name + " zero").doesNotThrowAnyException();
    }

    @Test
    void waitsTakeAPositiveTimeout() {
        assertPositive("timeout", d -> sim.await(() -> true, d));
        assertPositive("timeout", d -> sim.awaitConnection(0, d));
        assertPositive("timeout", d -> sim.awaitRequest(RequestKind.SEND_MESSAGE, d));
        assertPositive("timeout", d -> sim.awaitRequest(r -> true, d));
    }

    @Test
    void aWaitThatIsAlreadySatisfiedStillChecksItsTimeout() throws Exception {
        assertThat(sim.await(() -> true, Duration.ofMillis(1))).isTrue();
        assertThatThrownBy(() -> sim.await(() -> true, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sim.await(null, Duration.ofMillis(1)))
                .isInstanceOf(NullPointerException.class).hasMessage("condition");
    }

    @Test
    void runTimeDelaysTakeZeroOrMore() {
        try {
            assertNonNegative("delay", sim::setEchoDelay);
            assertNonNegative("eta", sim::setReplyEta);
            assertNonNegative("latency", sim::setPigeonholeLatency);
            assertNonNegative("delay", d -> sim.delay(RequestKind.GET_PKI_DOCUMENT, d));
        } finally {
            sim.setEchoDelay(Duration.ofMillis(5));
            sim.setPigeonholeLatency(Duration.ofMillis(10));
            sim.delay(RequestKind.GET_PKI_DOCUMENT, Duration.ZERO);
        }
    }

    @Test
    void builderDelaysTakeZeroOrMore() {
        assertNonNegative("gracePeriod", d -> KpclientdSimulator.builder().gracePeriod(d));
        assertNonNegative("delay", d -> KpclientdSimulator.builder().echoDelay(d));
        assertNonNegative("latency", d -> KpclientdSimulator.builder().pigeonholeLatency(d));
    }

    @Test
    void scriptedDelaysTakeZeroOrMore() {
        assertNonNegative("duration", Misbehaviour::delay);
        assertNonNegative("duration", Misbehaviour.Delay::new);
        assertNonNegative("duration", d -> ConnectionScript.builder().delay(HandshakeStep.BEFORE_F1, d));
    }

    @Test
    void everyDurationParameterIsCoveredHere() {
        // await, awaitConnection, awaitRequest (2), setEchoDelay, setReplyEta, setPigeonholeLatency, delay;
        // Builder: gracePeriod, echoDelay, pigeonholeLatency; ConnectionScript.Builder.delay; Misbehaviour.delay,
        // new Misbehaviour.Delay. A new public Duration parameter must be added to a test above and counted here.
        long count = Stream.of(KpclientdSimulator.class, KpclientdSimulator.Builder.class, ConnectionScript.class,
                        ConnectionScript.Builder.class, Misbehaviour.class, Misbehaviour.Delay.class)
                .flatMap(c -> Stream.concat(Arrays.stream(c.getMethods()).filter(m -> m.getDeclaringClass() == c),
                        Arrays.stream(c.getConstructors())))
                .filter(e -> Arrays.asList(e.getParameterTypes()).contains(Duration.class))
                .count();
        assertThat(count).isEqualTo(14);
    }
}
