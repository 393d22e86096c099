package org.katzenpost.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.cbor.Cbor;

class MeetingPollTest {
    static final MemberId ANN = MemberId.of(IntroductionTest.randomCap());
    static final MemberId BEN = MemberId.of(IntroductionTest.randomCap());
    static final MemberId CAT = MemberId.of(IntroductionTest.randomCap());

    record Sent(MemberId from, MeetingPoll.PollEvent event) {}

    static List<List<Sent>> streams() {
        return List.of(
                List.of(new Sent(ANN, new MeetingPoll.Open("p", "retro", List.of("mon", "tue", "wed"))),
                        new Sent(ANN, new MeetingPoll.Availability("p", Set.of("mon", "tue")))),
                List.of(new Sent(BEN, new MeetingPoll.Availability("p", Set.of("mon"))),
                        new Sent(BEN, new MeetingPoll.Availability("other", Set.of("wed"))),
                        new Sent(BEN, new MeetingPoll.Availability("p", Set.of("tue", "wed")))), // changed his mind
                List.of(new Sent(CAT, new MeetingPoll.Availability("p", Set.of("tue")))));
    }

    /** A received poll event with a component missing is not an event, and cannot break the poll. */
    @Test
    void anEventWithAComponentMissingDoesNotDecode() {
        byte[] noSlots = Cbor.encode(Map.of("@type", "poll.open", "pollId", "p",
                "title", "t"));
        byte[] noPoll = Cbor.encode(Map.of("@type", "poll.availability",
                "slots", List.of("mon")));
        assertThatThrownBy(() -> MeetingPoll.CODEC.decode(noSlots))
                .isInstanceOf(EventFormatException.class);
        assertThatThrownBy(() -> MeetingPoll.CODEC.decode(noPoll))
                .isInstanceOf(EventFormatException.class);
        MeetingPoll poll = new MeetingPoll("p");
        poll.apply(ANN, new MeetingPoll.Open("p", "retro", List.of("mon")));
        assertThat(poll.tally()).containsEntry("mon", 0);
    }

    /** Poll events are what members wrote: their text shows only as counts. */
    @Test
    void eventsDoNotShowWhatMembersWrote() {
        String open = new MeetingPoll.Open("p", "SECRET-TITLE", List.of("SECRET-SLOT", "tue")).toString();
        String answer = new MeetingPoll.Availability("p", Set.of("SECRET-SLOT")).toString();
        assertThat(open).doesNotContain("SECRET").contains("slots=2");
        assertThat(answer).doesNotContain("SECRET").contains("slots=1");
    }

    @Test
    void latestAnswerPerSenderCountsAndTheTallyFollowsTheSlotOrder() {
        MeetingPoll poll = new MeetingPoll("p");
        for (List<Sent> s : streams()) {
            s.forEach(e -> poll.apply(e.from(), e.event()));
        }
        assertThat(poll.opened().title()).isEqualTo("retro");
        assertThat(poll.tally()).containsExactly(Map.entry("mon", 1), Map.entry("tue", 3), Map.entry("wed", 1));
        assertThat(poll.best()).containsExactly("tue");
        assertThat(poll.answered()).isEqualTo(3);
    }

    @Test
    void everyInterleavingOfTheSendersStreamsGivesTheSameState() {
        Map<String, Integer> first = null;
        Random r = new Random(7);
        for (int run = 0; run < 50; run++) {
            List<List<Sent>> queues = new ArrayList<>();
            streams().forEach(s -> queues.add(new ArrayList<>(s)));
            MeetingPoll poll = new MeetingPoll("p");
            while (queues.stream().anyMatch(q -> !q.isEmpty())) {
                List<List<Sent>> open = new ArrayList<>(queues.stream().filter(q -> !q.isEmpty()).toList());
                Collections.shuffle(open, r);
                Sent e = open.get(0).remove(0); // each sender's order kept, senders interleaved at random
                poll.apply(e.from(), e.event());
            }
            if (first == null) {
                first = poll.tally();
            }
            assertThat(poll.tally()).isEqualTo(first);
        }
    }

    @Test
    void lastWriteWinsReportsChangesAndForgets() {
        LastWriteWins<String, String> s = new LastWriteWins<>(e -> e.startsWith("#") ? null : e);
        assertThat(s.applyLocal(ANN, "a")).isTrue();
        assertThat(s.applyLocal(ANN, "a")).isFalse();
        assertThat(s.applyLocal(ANN, "#ignored")).isFalse();
        assertThat(s.applyLocal(BEN, "b")).isTrue();
        assertThat(s.fold("", String::concat)).isEqualTo("ab");
        s.forget(ANN);
        assertThat(s.latest()).containsOnlyKeys(BEN);
    }

    @Test
    void pollEventsRoundTripThroughTheirCodec() {
        for (List<Sent> s : streams()) {
            for (Sent e : s) {
                assertThat(MeetingPoll.CODEC.decode(MeetingPoll.CODEC.encode(e.event()))).isEqualTo(e.event());
            }
        }
    }

    @Test
    void chatTypesDoNotShowTheirContentInToString() {
        GroupChat.Text t = new GroupChat.Text("my secret plan", Instant.EPOCH);
        assertThat(t.toString()).doesNotContain("secret");
        assertThat(new GroupChat.Introduce(new byte[] {1, 2, 3}).toString()).contains("3 bytes");
        GroupChat.ChatMessage m = new GroupChat.ChatMessage(GroupChat.Kind.TEXT, ANN, "ann", "my secret plan",
                null, null, false);
        assertThat(m.toString()).doesNotContain("secret");
        assertThat(new GroupEvent<>(ANN, "ann", t).toString()).doesNotContain("secret").contains("Text");
    }
}
