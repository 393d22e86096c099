package org.katzenpost.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.katzenpost.store.ChannelFormat;
import org.katzenpost.store.ReceivedMessage;
import org.katzenpost.store.WriteChannel;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.pigeonhole.ChannelFrames;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pigeonhole.PigeonholeSync;
import org.slf4j.LoggerFactory;

/** {@link ReceiveEngine}'s races, with the window between a step's look at the store and its reads held open. */
class ReceiveEngineTest {
    @TempDir
    Path tmp;

    SimulatorFixture fx;
    /** Writes the streams. */
    SimulatorFixture.Party alice;
    /** Reads them, with a read deadline longer than any test waits, so that only the engine ends a wait. */
    SimulatorFixture.Party bob;

    @BeforeEach
    void start() {
        fx = new SimulatorFixture();
        alice = fx.party(tmp.resolve("alice.db"));
        bob = fx.party(tmp.resolve("bob.db"), Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    /** A stream {@code name} that alice writes and bob reads, under that name in both stores. */
    private void stream(String name) {
        WriteChannel w = alice.channels.createWriteChannel(name);
        bob.store.addReadChannel(name, w.readCap(), w.firstIndex());
    }

    /**
     * A read under way when a receive looks at the store, which stores its message and ends before the receive
     * asks for reads: the receive must take that message, not start a read of the next box (which nobody writes:
     * the receive would wait until its deadline with the message stored). Seen once in the group-chat example.
     */
    @Test
    void aReadEndingBetweenTheLookAndTheReadsIsNotMissed() throws Exception {
        stream("r");
        try (ReceiveEngine engine = new ReceiveEngine(bob.channels, "race")) {
            // a receive that gives up leaves its read of the first box under way
            assertThatThrownBy(() -> receive(engine, Duration.ofMillis(200)).join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(RequestTimeoutException.class);
            assertThat(engine.reading("r")).isTrue();

            // the next receive finds the store empty; before it asks for reads, the box is written and read
            AtomicBoolean widened = new AtomicBoolean();
            engine.afterLook = () -> {
                if (widened.compareAndSet(false, true)) {
                    alice.channels.send("r", "hello".getBytes(StandardCharsets.UTF_8));
                    // on this thread: the hook runs under the engine's lock, which reading() takes
                    Awaitility.await().pollInSameThread().atMost(Duration.ofSeconds(20))
                            .until(() -> !engine.reading("r"));
                }
            };
            String got = receive(engine, Duration.ofSeconds(10)).join();

            assertThat(widened).isTrue();
            assertThat(got).isEqualTo("hello");
            assertThat(engine.readsStarted()).as("no read of a box nobody wrote").isEqualTo(1);
        }
    }

    /**
     * A receive that looks while another holds the only stored message reads on to the next box; when the holder
     * lets the message go unconsumed (it is cancelled, or the caller ends its future some other way), the looker
     * must take it, not wait for a box nobody writes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cancelled", "ended by the caller"})
    void aMessageReleasedByAnotherReceiveIsTakenAtOnce(String howTheHolderEnds) throws Exception {
        stream("x");
        stream("y");
        alice.channels.send("x", "hello".getBytes(StandardCharsets.UTF_8));
        try (ReceiveEngine engine = new ReceiveEngine(bob.channels, "release")) {
            // one of each: holds x's message while it waits for y, which nobody writes
            CompletableFuture<Map<String, String>> both = engine.receive(List.of("x", "y"),
                    ReceiveEngine.Mode.ALL, Duration.ofSeconds(60), ReceiveEngineTest::text, m -> m);
            SimulatorFixture.eventually(Duration.ofSeconds(20), () -> engine.reservations() == 1);
            // the next of x skips the held message and reads on to x's second box
            CompletableFuture<String> next = engine.receive(List.of("x"), ReceiveEngine.Mode.ONE,
                    Duration.ofSeconds(60), ReceiveEngineTest::text, m -> m.get("x"));
            SimulatorFixture.eventually(Duration.ofSeconds(20), () -> engine.readsStarted() == 3);
            assertThat(next).isNotDone();

            if (howTheHolderEnds.equals("cancelled")) {
                both.cancel(false);
            } else {
                both.completeExceptionally(new IllegalStateException("the caller gave up"));
            }

            assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
            // the future completes before the message is marked consumed and its reservation ends
            SimulatorFixture.eventually(Duration.ofSeconds(10), () -> engine.reservations() == 0);
        }
    }

    /**
     * A step runs on the thread of the read that completed: what it throws (here a decoder's bug) must fail the
     * receive, not vanish with that thread and leave the receive waiting until its deadline.
     */
    @Test
    void aFailureWhileTakingAMessageFailsTheReceive() throws Exception {
        stream("r");
        try (ReceiveEngine engine = new ReceiveEngine(bob.channels, "decoder-bug")) {
            CompletableFuture<String> got = engine.<String, String>receive(List.of("r"), ReceiveEngine.Mode.ONE,
                    Duration.ofSeconds(60), m -> {
                        throw new IllegalStateException("decoder bug");
                    }, m -> m.get("r"));
            SimulatorFixture.eventually(Duration.ofSeconds(20), () -> engine.reading("r"));
            alice.channels.send("r", "hello".getBytes(StandardCharsets.UTF_8));

            assertThatThrownBy(() -> got.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("decoder bug");
            assertThat(engine.reservations()).isZero();
        }
    }

    /**
     * A receive waiting for a channel that is forgotten (a removed member, as {@code GroupChannel.removeMember}
     * does it: under the engine's lock) ends at once, not when the read it waited for ends (at the mixnet
     * deadline, for a box nobody writes); and not inside the remover's change, which would let it act on a half
     * made change.
     */
    @Test
    void forgettingTheChannelAReceiveWaitsForEndsItAtOnce() throws Exception {
        stream("r");
        Map<String, String> channelOf = new ConcurrentHashMap<>(Map.of("member", "r"));
        try (ReceiveEngine engine = new ReceiveEngine(bob.channels, "forget", channelOf::get,
                ReceiveEngine.Control.NONE)) {
            CompletableFuture<String> got = engine.receive(List.of("member"), ReceiveEngine.Mode.ONE,
                    Duration.ofSeconds(60), ReceiveEngineTest::text, m -> m.get("member"));
            SimulatorFixture.eventually(Duration.ofSeconds(20), () -> engine.reading("r"));

            engine.atomically(() -> {
                channelOf.remove("member");
                engine.forget("r");
                assertThat(got).as("no step runs under the remover's lock").isNotDone();
            });

            assertThatThrownBy(() -> got.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IllegalStateException.class);
        }
    }

    /**
     * One of each, holding one member's message, when the other member's channel is forgotten: the partial result
     * comes at once (its own reservation is nothing to wait for).
     */
    @Test
    void oneOfEachEndsWithWhatItHoldsWhenTheOtherChannelIsForgotten() throws Exception {
        stream("x");
        stream("r");
        alice.channels.send("x", "hello".getBytes(StandardCharsets.UTF_8));
        Map<String, String> channelOf = new ConcurrentHashMap<>(
                Map.of("x", "x", "member", "r"));
        try (ReceiveEngine engine = new ReceiveEngine(bob.channels, "forget-all", channelOf::get,
                ReceiveEngine.Control.NONE)) {
            CompletableFuture<Map<String, String>> both = engine.receive(List.of("x", "member"),
                    ReceiveEngine.Mode.ALL, Duration.ofSeconds(60), ReceiveEngineTest::text, m -> m);
            SimulatorFixture.eventually(Duration.ofSeconds(20),
                    () -> engine.reservations() == 1 && engine.reading("r"));

            engine.atomically(() -> {
                channelOf.remove("member");
                engine.forget("r");
            });

            assertThat(both.get(10, TimeUnit.SECONDS)).isEqualTo(Map.of("x", "hello"));
            // the future completes before the message is marked consumed and its reservation ends
            SimulatorFixture.eventually(Duration.ofSeconds(10), () -> engine.reservations() == 0);
        }
    }

    /**
     * A box of a framed stream that is not a frame (a sender's bug, or another writer) is skipped like an event
     * that does not decode: the receive goes on to the next box instead of failing.
     */
    @Test
    void aBoxThatIsNotAFrameIsSkipped() throws Exception {
        // written box by box with the Pigeonhole API: raw bytes (no frame header), then a frame
        PigeonholeSync ph = alice.client.pigeonhole().sync();
        Keypair k = ph.newKeypair(
                PigeonholeClient.randomSeed());
        bob.store.addReadChannel("f", k.readCap(), k.firstIndex(), ChannelFormat.FRAMED);
        ph.startResendingEncryptedMessage(ph.encryptWrite(new byte[] {9, 9, 9}, k.writeCap(), k.firstIndex()));
        ph.startResendingEncryptedMessage(ph.encryptWrite(ChannelFrames.frame(
                "hello".getBytes(StandardCharsets.UTF_8)), k.writeCap(), ph.nextMessageBoxIndex(k.firstIndex())));
        try (ReceiveEngine engine = new ReceiveEngine(bob.channels, "frames")) {
            String got = engine.receive(List.of("f"), ReceiveEngine.Mode.ONE, Duration.ofSeconds(20),
                    ReceiveEngineTest::text, m -> m.get("f")).get(30, TimeUnit.SECONDS);
            assertThat(got).isEqualTo("hello");
        }
    }

    /**
     * What a step throws after its receive ended (here the caller cancelled it meanwhile) is logged, but an
     * EventFormatException's message and cause may quote the event: above DEBUG only its type.
     */
    @Test
    void aFailureAfterTheReceiveEndedIsLoggedWithoutItsMessageAboveDebug() throws Exception {
        stream("x");
        stream("y");
        Logger logger = (Logger) LoggerFactory.getLogger(ReceiveEngine.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try (ReceiveEngine engine = new ReceiveEngine(bob.channels, "late-failure")) {
            CompletableFuture<Map<String, String>> both = engine.receive(List.of("x", "y"),
                    ReceiveEngine.Mode.ALL, Duration.ofSeconds(60), ReceiveEngineTest::text, m -> m);
            AtomicReference<CompletableFuture<Map<String, String>>> ended = new AtomicReference<>(both);
            // the step after x's read: x taken, y lacking; the caller ends the receive, then the step throws
            engine.afterLook = () -> {
                if (ended.getAndSet(null) != null) {
                    both.cancel(false);
                    throw new EventFormatException("event quoted: secret-event-text",
                            new IllegalArgumentException("secret-cause"));
                }
            };
            alice.channels.send("x", "hello".getBytes(StandardCharsets.UTF_8));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> logs.list.stream()
                    .anyMatch(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("had ended")));
        } finally {
            logger.detachAppender(logs);
        }
        assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.WARN)
                .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("EventFormatException"));
        assertThat(logs.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.INFO)).allSatisfy(e -> {
            assertThat(e.getFormattedMessage()).doesNotContain("secret");
            assertThat(e.getThrowableProxy()).isNull();
        });
    }

    private static CompletableFuture<String> receive(ReceiveEngine engine, Duration timeout) {
        return engine.receive(List.of("r"), ReceiveEngine.Mode.ONE, timeout, ReceiveEngineTest::text,
                m -> m.get("r"));
    }

    private static String text(ReceivedMessage m) {
        return new String(m.payload(), StandardCharsets.UTF_8);
    }
}
