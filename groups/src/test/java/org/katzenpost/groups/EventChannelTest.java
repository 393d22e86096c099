package org.katzenpost.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.thin.RequestTimeoutException;

/** {@link EventChannel} over the kpclientd simulator: typed events, exactly once and in order across restarts. */
class EventChannelTest {
    sealed interface Move permits Join, Play, Leave {}

    record Join(String player) implements Move {}

    record Play(String player, int x, int y) implements Move {}

    record Leave(String player) implements Move {}

    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    SimulatorFixture fx;
    SimulatorFixture.Party alice;
    SimulatorFixture.Party bob;
    final CborEventCodec<Move> codec = CborEventCodec.of(Move.class);

    @BeforeEach
    void start() {
        fx = new SimulatorFixture();
        alice = fx.party(tmp.resolve("alice.db"));
        bob = fx.party(tmp.resolve("bob.db"));
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    private static List<Move> moves(int n) {
        List<Move> out = new ArrayList<>();
        out.add(new Join("alice"));
        for (int i = 1; i < n - 1; i++) {
            out.add(new Play("alice", i, -i));
        }
        out.add(new Leave("alice"));
        return out;
    }

    @Test
    void eventsArriveTypedAndInOrder() throws Exception {
        try (EventChannel<Move> w = EventChannel.create(alice.channels, "game", codec);
                EventChannel<Move> r = EventChannel.importReader(bob.channels, "game", w.readCap(), w.firstIndex(),
                        codec)) {
            List<Move> sent = moves(5);
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            for (Move m : sent) {
                sends.add(w.send(m)); // not waited for: they still go out in call order
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
            List<Move> got = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                got.add(r.receive(WAIT).join());
            }
            assertThat(got).containsExactlyElementsOf(sent);
            assertThat(r.position()).isEqualTo(w.position());
            // receives with long deadlines leave no timer behind once they completed
            w.send(new Leave("x")).join();
            assertThat(r.receive(Duration.ofHours(1)).join()).isEqualTo(new Leave("x"));
            // the timer is cancelled by a stage of the receive's future, which may run just after join() returns
            SimulatorFixture.eventually(WAIT, () -> r.pendingTimers() == 0);
        }
    }

    @Test
    void everyEventIsDeliveredExactlyOnceAcrossRestartsOfBothSides() throws Exception {
        List<Move> sent = moves(12);
        List<Move> got = new ArrayList<>();
        EventChannel<Move> w = EventChannel.create(alice.channels, "game", codec);
        var cap = w.readCap();
        var first = w.firstIndex();
        EventChannel<Move> r = EventChannel.importReader(bob.channels, "game", cap, first, codec);
        for (int i = 0; i < 4; i++) {
            w.send(sent.get(i)).join();
        }
        got.add(r.receive(WAIT).join());
        got.add(r.receive(WAIT).join());
        // one more box read and stored, not yet handed out, when the reader stops
        bob.channels.readNext("game");
        r.close();
        bob.reopen();
        r = EventChannel.open(bob.channels, "game", codec);
        got.add(r.receive(WAIT).join());
        // the writer restarts mid-stream too
        w.close();
        alice.reopen();
        w = EventChannel.open(alice.channels, "game", codec);
        for (int i = 4; i < sent.size(); i++) {
            w.send(sent.get(i)).join();
        }
        got.add(r.receive(WAIT).join());
        r.close();
        // a crash: the store is abandoned without close, and a new process opens the same file
        bob.store = org.katzenpost.store.ChannelStore.open(bob.db);
        bob.channels = new org.katzenpost.store.PersistentChannels(bob.store, bob.channels.pigeonhole());
        r = EventChannel.open(bob.channels, "game", codec);
        while (got.size() < sent.size()) {
            got.add(r.receive(WAIT).join());
        }
        assertThat(got).containsExactlyElementsOf(sent);
        // an event is marked consumed just after its future completes (the documented window): wait for the last
        // mark before another reader looks, or it would rightly be handed the last event again
        org.awaitility.Awaitility.await("the last event marked consumed").atMost(Duration.ofSeconds(10))
                .until(() -> bob.store.unconsumed("game").isEmpty());
        assertThatThrownBy(() -> finalReceive(bob)).hasCauseInstanceOf(RequestTimeoutException.class);
        w.close();
        r.close();
    }

    private Move finalReceive(SimulatorFixture.Party p) throws Exception {
        try (EventChannel<Move> r = EventChannel.open(p.channels, "game", codec)) {
            return r.receive(Duration.ofMillis(500)).get();
        }
    }

    @Test
    void anEventArrivingAfterATimeoutOrACancelIsHandedToTheNextReceive() throws Exception {
        try (EventChannel<Move> w = EventChannel.create(alice.channels, "game", codec);
                EventChannel<Move> r = EventChannel.importReader(bob.channels, "game", w.readCap(), w.firstIndex(),
                        codec)) {
            CompletableFuture<Move> early = r.receive(Duration.ofMillis(300));
            assertThatThrownBy(early::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RequestTimeoutException.class);
            CompletableFuture<Move> cancelled = r.receive(WAIT);
            cancelled.cancel(false);
            w.send(new Join("a")).join();
            // the read the first receive started goes on, stores the event, and nobody took it
            SimulatorFixture.eventually(WAIT, () -> bob.store.unconsumed("game").size() == 1);
            assertThat(r.receive(WAIT).join()).isEqualTo(new Join("a"));
            w.send(new Leave("a")).join();
            assertThat(r.receive(WAIT).join()).isEqualTo(new Leave("a"));
            // recorded as consumed right after the future completed
            SimulatorFixture.eventually(WAIT, () -> bob.store.unconsumed("game").isEmpty());
        }
    }

    @Test
    void tombstonedBoxesAreSkippedAndForeignBytesAreATypedError() {
        try (EventChannel<Move> w = EventChannel.create(alice.channels, "game", codec);
                EventChannel<Move> r = EventChannel.importReader(bob.channels, "game", w.readCap(), w.firstIndex(),
                        codec)) {
            w.send(new Join("a")).join();
            alice.channels.tombstoneCurrent("game");
            alice.channels.send("game", new byte[] {(byte) 0xff}); // not an event
            w.send(new Leave("a")).join();
            assertThat(r.receive(WAIT).join()).isEqualTo(new Join("a"));
            assertThatThrownBy(() -> r.receive(WAIT).join()).hasCauseInstanceOf(EventFormatException.class);
            assertThat(r.receive(WAIT).join()).isEqualTo(new Leave("a"));
        }
    }

    @Test
    void tooLargeAndWrongSideAreRefusedAtOnce() {
        try (EventChannel<Move> w = EventChannel.create(alice.channels, "game", codec)) {
            assertThatThrownBy(() -> w.send(new Join("x".repeat(5000)))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bytes");
            assertThatThrownBy(() -> w.receive(WAIT)).isInstanceOf(IllegalStateException.class);
            assertThat(w.toString()).doesNotContain(w.readCap().toBase64());
        }
    }
}
