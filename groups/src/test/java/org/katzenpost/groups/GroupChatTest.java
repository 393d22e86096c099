package org.katzenpost.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GroupChat} and a {@link MeetingPoll} over the kpclientd simulator. */
class GroupChatTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    SimulatorFixture fx;
    final Map<String, SimulatorFixture.Party> parties = new HashMap<>();
    final Map<String, GroupChat> chats = new HashMap<>();

    @BeforeEach
    void start() {
        fx = new SimulatorFixture();
    }

    @AfterEach
    void stop() throws Exception {
        chats.values().forEach(GroupChat::close);
        fx.close();
    }

    private GroupChat join(String who) {
        SimulatorFixture.Party p = fx.party(tmp.resolve(who + ".db"));
        parties.put(who, p);
        GroupChat c = GroupChat.create(p.channels, "room", who);
        chats.put(who, c);
        return c;
    }

    /** The next {@code n} texts {@code who} receives, as "sender: text", skipping introductions. */
    private List<String> texts(GroupChat chat, int n) {
        List<String> out = new ArrayList<>();
        while (out.size() < n) {
            GroupChat.ChatMessage m = chat.next(WAIT).join();
            if (m.kind() == GroupChat.Kind.TEXT) {
                out.add(m.fromName() + ": " + m.text());
            }
        }
        return out;
    }

    @Test
    void aNewcomerBroughtInBandSeesAndIsSeenByEveryone() {
        GroupChat a = join("alice");
        GroupChat b = join("bob");
        GroupChat c = join("carol");
        for (GroupChat x : List.of(a, b, c)) {
            for (GroupChat y : List.of(a, b, c)) {
                if (x != y) {
                    x.addMember(y.introduction());
                }
            }
        }
        a.say("hi").join();
        b.say("hello").join();
        assertThat(texts(c, 2)).containsExactlyInAnyOrder("alice: hi", "bob: hello");
        assertThat(texts(a, 1)).containsExactly("bob: hello"); // alice introduces bob from where she reads him

        GroupChat d = join("dave");
        d.addMember(Introduction.fromText(a.introductionFromNow().toText()));
        a.introduce(Introduction.fromText(d.introduction().toText())).join();
        // dave learns bob and carol from alice's stream
        List<String> introduced = new ArrayList<>();
        while (introduced.size() < 2) { // his own introduction is skipped: nothing new
            GroupChat.ChatMessage m = d.next(WAIT).join();
            if (m.kind() == GroupChat.Kind.INTRODUCTION) {
                assertThat(m.fromName()).isEqualTo("alice");
                introduced.add(m.text());
            } else {
                throw new AssertionError("dave got a text sent before he joined: " + m.text());
            }
        }
        assertThat(introduced).containsExactlyInAnyOrder("bob", "carol");
        assertThat(d.members()).extracting(Member::displayName)
                .containsExactlyInAnyOrder("dave", "alice", "bob", "carol");
        // bob and carol learn dave from alice's stream
        for (GroupChat x : List.of(b, c)) {
            GroupChat.ChatMessage m = x.next(WAIT).join();
            while (m.kind() != GroupChat.Kind.INTRODUCTION) {
                m = x.next(WAIT).join();
            }
            // the one introduction they get is dave's: those of members they know are skipped
            assertThat(m.text()).isEqualTo("dave");
            assertThat(m.added()).isTrue();
            assertThat(m.fromName()).isEqualTo("alice");
        }
        d.say("I'm in").join();
        b.say("welcome").join();
        c.say("hey dave").join();
        assertThat(texts(d, 2)).containsExactlyInAnyOrder("bob: welcome", "carol: hey dave");
        assertThat(texts(b, 2)).contains("dave: I'm in");
        assertThat(texts(a, 3)).containsExactlyInAnyOrder("dave: I'm in", "bob: welcome", "carol: hey dave");
    }

    @Test
    void aMemberRestartedFromTheStoreContinuesTheConversation() {
        GroupChat a = join("alice");
        GroupChat b = join("bob");
        a.addMember(b.introduction());
        b.addMember(a.introduction());
        for (int i = 0; i < 3; i++) {
            b.say("m" + i).join();
        }
        assertThat(texts(a, 1)).containsExactly("bob: m0");
        a.close();
        SimulatorFixture.Party pa = parties.get("alice");
        pa.reopen();
        a = GroupChat.open(pa.channels, "room");
        chats.put("alice", a);
        b.say("m3").join();
        assertThat(texts(a, 3)).containsExactly("bob: m1", "bob: m2", "bob: m3");
        a.say("back").join();
        assertThat(texts(b, 1)).containsExactly("alice: back");
    }

    @Test
    void badTextsAreRefused() {
        GroupChat a = join("alice");
        assertThatThrownBy(() -> a.say("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.say("x".repeat(GroupChat.MAX_TEXT_BYTES + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.next(WAIT)).isInstanceOf(IllegalStateException.class); // nobody to hear from
    }

    @Test
    void aPollOverAGroupGivesEveryMemberTheSameTally() {
        List<GroupChannel<MeetingPoll.PollEvent>> groups = new ArrayList<>();
        for (String who : List.of("ann", "ben", "cat")) {
            SimulatorFixture.Party p = fx.party(tmp.resolve(who + "-poll.db"));
            groups.add(GroupChannel.create(p.channels, "poll", who, MeetingPoll.CODEC));
        }
        for (var x : groups) {
            for (var y : groups) {
                if (x != y) {
                    x.addMember(y.introduction());
                }
            }
        }
        List<MeetingPoll> polls = new ArrayList<>();
        List<List<MeetingPoll.PollEvent>> sends = List.of(
                List.of(new MeetingPoll.Open("p1", "retro", List.of("mon", "tue")),
                        new MeetingPoll.Availability("p1", Set.of("mon"))),
                List.of(new MeetingPoll.Availability("p1", Set.of("mon", "tue")),
                        new MeetingPoll.Availability("p1", Set.of("tue"))),
                List.of(new MeetingPoll.Availability("p1", Set.of("tue"))));
        for (int i = 0; i < 3; i++) {
            MeetingPoll poll = new MeetingPoll("p1");
            polls.add(poll);
            for (MeetingPoll.PollEvent e : sends.get(i)) {
                groups.get(i).send(e).join();
                poll.apply(groups.get(i).selfId(), e); // own events are applied locally
            }
        }
        for (int i = 0; i < 3; i++) {
            int others = 0;
            for (int j = 0; j < 3; j++) {
                others += j == i ? 0 : sends.get(j).size();
            }
            for (int k = 0; k < others; k++) {
                polls.get(i).apply(groups.get(i).receiveAny(WAIT).join());
            }
        }
        for (MeetingPoll p : polls) {
            assertThat(p.tally()).containsExactly(Map.entry("mon", 1), Map.entry("tue", 2));
            assertThat(p.best()).containsExactly("tue");
        }
        groups.forEach(GroupChannel::close);
    }
}
