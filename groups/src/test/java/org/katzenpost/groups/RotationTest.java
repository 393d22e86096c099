package org.katzenpost.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.store.ChannelStore;
import org.katzenpost.store.PersistentChannels;

/** {@link GroupChannel#rotate()}: readers follow a member to a fresh stream without losing or repeating events. */
class RotationTest {
    record Note(int n) {}

    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    SimulatorFixture fx;
    SimulatorFixture.Party pa;
    SimulatorFixture.Party pb;
    GroupChannel<Note> a;
    GroupChannel<Note> b;
    final CborEventCodec<Note> codec = CborEventCodec.of(Note.class);

    @BeforeEach
    void start() {
        fx = new SimulatorFixture();
        pa = fx.party(tmp.resolve("a.db"));
        pb = fx.party(tmp.resolve("b.db"));
        a = GroupChannel.create(pa.channels, "g", "alice", codec);
        b = GroupChannel.create(pb.channels, "g", "bob", codec);
        a.addMember(b.introduction());
        b.addMember(a.introduction());
    }

    @AfterEach
    void stop() throws Exception {
        a.close();
        b.close();
        fx.close();
    }

    private List<Integer> receive(GroupChannel<Note> g, MemberId from, int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            GroupEvent<Note> e = g.receiveFrom(from, WAIT).join();
            assertThat(e.sender()).isEqualTo(from);
            out.add(e.event().n());
        }
        return out;
    }

    /**
     * Deleting a group that rotated deletes every stream the local member wrote: a group created again under the
     * same name starts a fresh stream instead of writing on, and handing out, the old one.
     */
    @Test
    void aGroupCreatedAgainAfterTheDeletionOfOneThatRotatedStartsAFreshStream() {
        Introduction old = a.introduction();
        a.send(new Note(1)).join();
        a.rotate().join();
        a.send(new Note(2)).join();
        a.delete();
        assertThat(pa.store.writeChannelNames()).as("no stream of the deleted group is left").isEmpty();

        a = GroupChannel.create(pa.channels, "g", "alice", codec);
        assertThat(a.introduction().readCap()).isNotEqualTo(old.readCap());
        a.send(new Note(3)).join();
        SimulatorFixture.Party pc = fx.party(tmp.resolve("c.db"));
        try (GroupChannel<Note> c = GroupChannel.create(pc.channels, "g", "carol", codec)) {
            c.addMember(a.introduction());
            assertThat(c.receiveAny(WAIT).join().event().n()).isEqualTo(3);
        }
    }

    @Test
    void readersFollowARotationWithoutLossOrRepeat() {
        MemberId alice = a.selfId();
        a.send(new Note(1)).join();
        a.send(new Note(2)).join();
        assertThat(receive(b, alice, 1)).containsExactly(1);
        Introduction before = a.introduction();
        a.rotate().join();
        assertThat(a.selfId()).isEqualTo(alice);
        assertThat(a.introduction().readCap()).isNotEqualTo(before.readCap());
        assertThat(a.introduction().memberId()).isEqualTo(alice);
        a.send(new Note(3)).join();
        a.send(new Note(4)).join();
        assertThat(receive(b, alice, 3)).containsExactly(2, 3, 4);
        // bob's restart after the rotation: he goes on reading the new stream
        b.close();
        pb.reopen();
        b = GroupChannel.open(pb.channels, "g", codec);
        a.rotate().join(); // twice
        a.send(new Note(5)).join();
        assertThat(receive(b, alice, 1)).containsExactly(5);
        assertThat(b.receiveFrom(alice, Duration.ofMillis(500))).failsWithin(WAIT);
        // a newcomer with alice's very first introduction follows both rotations
        SimulatorFixture.Party pc = fx.party(tmp.resolve("c.db"));
        try (GroupChannel<Note> c = GroupChannel.create(pc.channels, "g", "carol", codec)) {
            c.addMember(before);
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                got.add(c.receiveAny(WAIT).join().event().n());
            }
            assertThat(got).containsExactly(1, 2, 3, 4, 5);
        }
    }

    @Test
    void aRotationInterruptedByACrashIsFinishedOnTheNextOpen() {
        MemberId alice = a.selfId();
        a.send(new Note(1)).join();
        // the writer dies right after queuing the announcement, before writing it
        AtomicBoolean armed = new AtomicBoolean(true);
        pa.channels.checkpoint(step -> {
            if (step.equals("enqueued") && armed.getAndSet(false)) {
                throw new Error("simulated crash");
            }
        });
        assertThatThrownBy(() -> a.rotate().join()).hasRootCauseMessage("simulated crash");
        a.close();
        // a new process on the same file (the old store is abandoned, not closed)
        pa.store = ChannelStore.open(pa.db);
        pa.channels = new PersistentChannels(pa.store, pa.channels.pigeonhole());
        a = GroupChannel.open(pa.channels, "g", codec);
        a.send(new Note(2)).join(); // queued behind the finishing rotation: goes to the new stream
        assertThat(receive(b, alice, 2)).containsExactly(1, 2);
        assertThat(GroupChannel.open(pa.channels, "g", codec).introduction().readCap())
                .as("the rotation is recorded as done").isEqualTo(a.introduction().readCap());
    }

    @Test
    void aRotationBetweenReceivesOfAllMembersIsInvisibleToTheApplication() {
        MemberId alice = a.selfId();
        for (int i = 1; i <= 3; i++) {
            a.send(new Note(i)).join();
            a.rotate().join();
        }
        List<Integer> got = new ArrayList<>();
        while (got.size() < 3) {
            var all = b.receiveFromAll(WAIT).join();
            if (all.containsKey(alice)) {
                got.add(all.get(alice).event().n());
            }
        }
        assertThat(got).containsExactly(1, 2, 3);
    }
}
