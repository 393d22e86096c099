package org.katzenpost.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.thin.RequestTimeoutException;

/** {@link GroupChannel} with three members over the kpclientd simulator. */
class GroupChannelTest {
    record Note(String text, int n) {}

    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    SimulatorFixture fx;
    SimulatorFixture.Party pa;
    SimulatorFixture.Party pb;
    SimulatorFixture.Party pc;
    GroupChannel<Note> a;
    GroupChannel<Note> b;
    GroupChannel<Note> c;
    final CborEventCodec<Note> codec = CborEventCodec.of(Note.class);

    @BeforeEach
    void start() {
        fx = new SimulatorFixture();
        pa = fx.party(tmp.resolve("a.db"));
        pb = fx.party(tmp.resolve("b.db"));
        pc = fx.party(tmp.resolve("c.db"));
        a = GroupChannel.create(pa.channels, "team", "alice", codec);
        b = GroupChannel.create(pb.channels, "team", "bob", codec);
        c = GroupChannel.create(pc.channels, "friends", "carol", codec); // names are local
        for (GroupChannel<Note> g : List.of(a, b, c)) {
            for (GroupChannel<Note> other : List.of(a, b, c)) {
                if (g != other) {
                    g.addMember(Introduction.fromText(other.introduction().toText()));
                }
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (GroupChannel<Note> g : List.of(a, b, c)) {
            g.close();
        }
        fx.close();
    }

    @Test
    void everyMemberGetsEveryoneElsesEventsInOrder() {
        for (int i = 0; i < 3; i++) {
            a.send(new Note("a", i));
            b.send(new Note("b", i));
            c.send(new Note("c", i)).join();
        }
        for (GroupChannel<Note> g : List.of(a, b, c)) {
            Map<String, List<Integer>> got = new HashMap<>();
            for (int k = 0; k < 6; k++) {
                GroupEvent<Note> e = g.receiveAny(WAIT).join();
                assertThat(e.sender()).isNotEqualTo(g.selfId());
                assertThat(e.senderName()).isEqualTo(Map.of("a", "alice", "b", "bob", "c", "carol").get(e.event().text()));
                got.computeIfAbsent(e.event().text(), x -> new ArrayList<>()).add(e.event().n());
            }
            assertThat(got).hasSize(2).allSatisfy((who, ns) -> assertThat(ns).containsExactly(0, 1, 2));
        }
        assertThat(a.members()).extracting(Member::displayName).contains("alice", "bob", "carol");
        assertThat(a.members().get(0).self()).isTrue();
    }

    @Test
    void receiveFromAllGivesAPartialResultAndReadsEveryMemberAtOnce() throws Exception {
        // long enough for b's event to be written and stored on a loaded machine (several fsyncs), as c's never is
        CompletableFuture<Map<MemberId, GroupEvent<Note>>> all = a.receiveFromAll(Duration.ofSeconds(10));
        SimulatorFixture.eventually(WAIT, () -> a.reading(b.selfId()) && a.reading(c.selfId()));
        b.send(new Note("b", 1)).join();
        Map<MemberId, GroupEvent<Note>> got = all.join();
        assertThat(got).containsOnlyKeys(b.selfId());
        assertThat(got.get(b.selfId()).event()).isEqualTo(new Note("b", 1));
        c.send(new Note("c", 1)).join();
        assertThat(a.receiveFrom(c.selfId(), WAIT).join().event()).isEqualTo(new Note("c", 1));
        b.send(new Note("b", 2)).join();
        c.send(new Note("c", 2)).join();
        Map<MemberId, GroupEvent<Note>> both = a.receiveFromAll(WAIT).join();
        assertThat(both).containsOnlyKeys(b.selfId(), c.selfId());
        assertThat(both.get(c.selfId()).event().n()).isEqualTo(2);
    }

    @Test
    void oneReadPerMemberIsInFlightWhateverTheNumberOfReceives() throws Exception {
        a.close();
        SimulatorFixture.Party slow = fx.party(tmp.resolve("a2.db"), Duration.ofSeconds(60));
        GroupChannel<Note> g = GroupChannel.create(slow.channels, "team", "alice2", codec);
        g.addMember(b.introduction());
        g.addMember(c.introduction());
        List<CompletableFuture<?>> waiting = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waiting.add(g.receiveAny(WAIT));
            waiting.add(g.receiveFrom(b.selfId(), WAIT));
            waiting.add(g.receiveFromAll(WAIT));
        }
        SimulatorFixture.eventually(WAIT, () -> g.reading(b.selfId()) && g.reading(c.selfId()));
        assertThat(g.readsStarted()).isEqualTo(2);
        waiting.forEach(f -> f.cancel(false));
        g.close();
    }

    @Test
    void anEventTakenByAReceiveThatGivesUpIsHandedToTheNextOne() throws Exception {
        b.send(new Note("b", 1)).join();
        // waits for both: holds b's event, then is cancelled while c has sent nothing
        CompletableFuture<Map<MemberId, GroupEvent<Note>>> all = a.receiveFromAll(WAIT);
        SimulatorFixture.eventually(WAIT, () -> pa.store.unconsumed("group:team:" + b.selfId().toHex()).size() == 1
                && a.reading(c.selfId()));
        all.cancel(false);
        assertThat(a.receiveFrom(b.selfId(), WAIT).join().event()).isEqualTo(new Note("b", 1));
        // a receive that times out while an event comes in: the event goes to the next receive
        CompletableFuture<GroupEvent<Note>> early = a.receiveAny(Duration.ofMillis(200));
        assertThatThrownBy(early::join).hasCauseInstanceOf(RequestTimeoutException.class);
        c.send(new Note("c", 1)).join();
        assertThat(a.receiveAny(WAIT).join().event()).isEqualTo(new Note("c", 1));
        assertThat(a.receiveAny(Duration.ofMillis(500))).failsWithin(WAIT);
    }

    @Test
    void aGroupIsRestoredFromTheStoreAfterARestart() {
        b.send(new Note("b", 1)).join();
        b.send(new Note("b", 2)).join();
        assertThat(a.receiveFrom(b.selfId(), WAIT).join().event().n()).isEqualTo(1);
        MemberId selfBefore = a.selfId();
        a.close();
        pa.reopen();
        assertThat(GroupChannel.groupNames(pa.store)).containsExactly("team");
        a = GroupChannel.open(pa.channels, "team", codec);
        assertThat(a.selfId()).isEqualTo(selfBefore);
        assertThat(a.members()).extracting(Member::id).containsExactlyInAnyOrderElementsOf(
                List.of(selfBefore, b.selfId(), c.selfId()));
        assertThat(a.receiveFrom(b.selfId(), WAIT).join().event().n()).isEqualTo(2);
        a.send(new Note("a", 1)).join();
        assertThat(b.receiveFrom(a.selfId(), WAIT).join().event()).isEqualTo(new Note("a", 1));
    }

    @Test
    void aRemovedMemberIsNoLongerRead() {
        assertThat(a.removeMember(c.selfId())).isTrue();
        assertThat(a.removeMember(c.selfId())).isFalse();
        assertThat(a.isMember(c.selfId())).isFalse();
        assertThatThrownBy(() -> a.receiveFrom(c.selfId(), WAIT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.addMember(a.introduction())).isInstanceOf(IllegalArgumentException.class);
        c.send(new Note("c", 1)).join();
        b.send(new Note("b", 1)).join();
        assertThat(a.receiveAny(WAIT).join().sender()).isEqualTo(b.selfId());
        assertThat(a.receiveFromAll(Duration.ofSeconds(1)).join()).isEmpty(); // b has nothing more; c is not asked
    }

    @Test
    void aLaterMemberIntroducedFromNowSeesOnlyNewEvents() {
        a.send(new Note("a", 1)).join();
        Introduction fromNow = a.introductionFromNow();
        a.send(new Note("a", 2)).join();
        c.removeMember(a.selfId());
        c.addMember(fromNow);
        // adding again keeps the position
        c.addMember(fromNow);
        assertThat(c.receiveFrom(a.selfId(), WAIT).join().event().n()).isEqualTo(2);
    }

    @Test
    void removingTheMemberAReceiveWaitsForEndsThatReceive() throws Exception {
        var from = a.receiveFrom(c.selfId(), WAIT);
        SimulatorFixture.eventually(WAIT, () -> a.reading(c.selfId()));
        a.removeMember(c.selfId());
        c.send(new Note("c", 1)).join(); // its read completes (or ends) after the removal: no error escapes
        assertThat(from).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(IllegalStateException.class);
        b.send(new Note("b", 1)).join();
        assertThat(a.receiveAny(WAIT).join().sender()).isEqualTo(b.selfId());
    }

    @Test
    void concurrentReceivesThatTimeOutAndAreCancelledAtRandomDeliverEveryEventExactlyOnce() throws Exception {
        int perSender = 25;
        List<String> delivered = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> receivers = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Random r = new Random(t);
            Thread th = new Thread(() -> {
                while (!stop.get()) {
                    CompletableFuture<GroupEvent<Note>> f = r.nextBoolean()
                            ? a.receiveAny(Duration.ofMillis(5 + r.nextInt(100)))
                            : a.receiveFrom(r.nextBoolean() ? b.selfId() : c.selfId(), Duration.ofMillis(5 + r.nextInt(100)));
                    if (r.nextInt(3) == 0) {
                        try {
                            Thread.sleep(r.nextInt(20)); // random pacing is the stress under test
                        } catch (InterruptedException e) {
                            return;
                        }
                        f.cancel(false);
                    }
                    try {
                        GroupEvent<Note> e = f.join();
                        delivered.add(e.event().text() + e.event().n());
                    } catch (CancellationException | CompletionException e) {
                        // timed out or cancelled: whatever it had taken is released for another receive
                    }
                }
            });
            th.setUncaughtExceptionHandler((thread, e) -> failures.add(e)); // else lost with the thread
            th.start();
            receivers.add(th);
        }
        CompletableFuture<Void> sends = CompletableFuture.completedFuture(null);
        for (int i = 0; i < perSender; i++) {
            b.send(new Note("b", i));
            sends = c.send(new Note("c", i));
        }
        sends.join();
        SimulatorFixture.eventually(Duration.ofSeconds(60), () -> delivered.size() >= 2 * perSender);
        stop.set(true);
        for (Thread th : receivers) {
            th.join(10_000);
            assertThat(th.isAlive()).as("receiver %s ended", th.getName()).isFalse();
        }
        assertThat(failures).as("exceptions in the receivers").isEmpty();
        List<String> want = new ArrayList<>();
        for (int i = 0; i < perSender; i++) {
            want.add("b" + i);
            want.add("c" + i);
        }
        assertThat(delivered).containsExactlyInAnyOrderElementsOf(want); // each once: none lost, none twice
    }
}
