package org.katzenpost.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.store.ReceivedMessage;
import org.katzenpost.store.WriteChannel;
import org.katzenpost.thin.RequestTimeoutException;

/** {@link ReceiveEngine}'s races, with the window between a step's look at the store and its reads held open. */
class ReceiveEngineTest {
    @TempDir
    Path tmp;

    /**
     * A read under way when a receive looks at the store, which stores its message and ends before the receive
     * asks for reads: the receive must take that message, not start a read of the next box (which nobody writes:
     * the receive would wait until its deadline with the message stored). Seen once in the group-chat example.
     */
    @Test
    void aReadEndingBetweenTheLookAndTheReadsIsNotMissed() throws Exception {
        try (SimulatorFixture fx = new SimulatorFixture()) {
            SimulatorFixture.Party alice = fx.party(tmp.resolve("alice.db"));
            SimulatorFixture.Party bob = fx.party(tmp.resolve("bob.db"), Duration.ofSeconds(30));
            WriteChannel w = alice.channels.createWriteChannel("w");
            bob.store.addReadChannel("r", w.readCap(), w.firstIndex());
            try (ReceiveEngine engine = new ReceiveEngine(bob.channels, "race")) {
                // a receive that gives up leaves its read of the first box under way
                assertThatThrownBy(() -> receive(engine, Duration.ofMillis(200)).join())
                        .isInstanceOf(CompletionException.class).hasCauseInstanceOf(RequestTimeoutException.class);
                assertThat(engine.reading("r")).isTrue();

                // the next receive finds the store empty; before it asks for reads, the box is written and read
                AtomicBoolean widened = new AtomicBoolean();
                engine.afterLook = () -> {
                    if (widened.compareAndSet(false, true)) {
                        alice.channels.send("w", "hello".getBytes(StandardCharsets.UTF_8));
                        try {
                            SimulatorFixture.eventually(Duration.ofSeconds(20), () -> !engine.reading("r"));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                };
                String got = receive(engine, Duration.ofSeconds(10)).join();

                assertThat(widened).isTrue();
                assertThat(got).isEqualTo("hello");
                assertThat(engine.readsStarted()).as("no read of a box nobody wrote").isEqualTo(1);
            }
        }
    }

    private static java.util.concurrent.CompletableFuture<String> receive(ReceiveEngine engine, Duration timeout) {
        return engine.receive(List.of("r"), ReceiveEngine.Mode.ONE, timeout, ReceiveEngineTest::text,
                m -> m.get("r"));
    }

    private static String text(ReceivedMessage m) {
        return new String(m.payload(), StandardCharsets.UTF_8);
    }
}
