package org.katzenpost.groups;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A meeting-availability poll, as an example of {@link LastWriteWins}: someone opens a poll with time slots,
 * every member says which slots suit them (and may change their mind: their latest answer counts), and everyone
 * computes the same tally. Run it over a {@code GroupChannel<MeetingPoll.PollEvent>} with
 * {@link #CODEC}, applying every received event and the local member's own.
 */
public final class MeetingPoll {
    /** What poll members send. */
    public sealed interface PollEvent permits Open, Availability {}

    /**
     * Opens a poll.
     *
     * @param pollId the poll's id (chosen by its creator, e.g. a UUID)
     * @param title what the meeting is about
     * @param slots the candidate slots, in display order
     */
    @EventType("poll.open")
    public record Open(String pollId, String title, List<String> slots) implements PollEvent {
        /**
         * Checks the opening; a received one that fails is not an event (the codec reports it, receives skip it).
         *
         * @param pollId the poll's id
         * @param title what the meeting is about
         * @param slots the candidate slots, in display order (copied)
         * @throws NullPointerException if a component or a slot is null
         */
        public Open {
            Objects.requireNonNull(pollId, "pollId");
            Objects.requireNonNull(title, "title");
            slots = List.copyOf(Objects.requireNonNull(slots, "slots"));
        }

        /** Shows the poll and how many slots, not the title or the slots (what members wrote). */
        @Override
        public String toString() {
            return "Open[" + pollId + ", slots=" + slots.size() + "]";
        }
    }

    /**
     * A member's answer: the slots that suit them (replaces their earlier answer).
     *
     * @param pollId the poll
     * @param slots the slots that suit the sender
     */
    @EventType("poll.availability")
    public record Availability(String pollId, Set<String> slots) implements PollEvent {
        /**
         * Checks the answer; a received one that fails is not an event (the codec reports it, receives skip it).
         *
         * @param pollId the poll
         * @param slots the slots that suit the sender (copied)
         * @throws NullPointerException if a component or a slot is null
         */
        public Availability {
            Objects.requireNonNull(pollId, "pollId");
            slots = Set.copyOf(Objects.requireNonNull(slots, "slots"));
        }

        /** Shows the poll and how many slots, not which. */
        @Override
        public String toString() {
            return "Availability[" + pollId + ", slots=" + slots.size() + "]";
        }
    }

    /** The codec of poll events. */
    public static final EventCodec<PollEvent> CODEC = CborEventCodec.of(PollEvent.class);

    private final String pollId;
    private final AtomicReference<Open> opened = new AtomicReference<>();
    private final LastWriteWins<PollEvent, Set<String>> answers;

    /**
     * A tally for poll {@code pollId}; events of other polls are ignored.
     *
     * @param pollId the poll
     */
    public MeetingPoll(String pollId) {
        this.pollId = Objects.requireNonNull(pollId, "pollId");
        this.answers = new LastWriteWins<>(e -> e instanceof Availability a && a.pollId().equals(pollId)
                ? Set.copyOf(a.slots()) : null);
    }

    /**
     * Applies one event of {@code sender}.
     *
     * @param sender who sent it
     * @param event the event
     */
    public void apply(MemberId sender, PollEvent event) {
        if (event instanceof Open o && o.pollId().equals(pollId)) {
            opened.compareAndSet(null, o); // the first opening counts, also when two arrive at once
        }
        answers.applyLocal(sender, event);
    }

    /**
     * Applies one received event.
     *
     * @param event the event
     */
    public void apply(GroupEvent<PollEvent> event) {
        apply(event.sender(), event.event());
    }

    /**
     * The poll's opening, or null if it has not been seen yet.
     *
     * @return the opening
     */
    public Open opened() {
        return opened.get();
    }

    /**
     * How many members each slot suits, in the poll's slot order (slots answered before the opening was seen
     * follow, in name order).
     *
     * @return slot to count
     */
    public Map<String, Integer> tally() {
        Map<String, Integer> t = new LinkedHashMap<>();
        Open open = opened.get();
        if (open != null) {
            for (String s : open.slots()) {
                t.put(s, 0);
            }
        }
        Map<String, Integer> counts = answers.fold(new TreeMap<String, Integer>(), (acc, slots) -> {
            for (String s : slots) {
                acc.merge(s, 1, Integer::sum);
            }
            return acc;
        });
        counts.forEach((slot, n) -> t.merge(slot, n, Integer::sum));
        return t;
    }

    /**
     * The slots that suit the most members (ties all listed, in tally order).
     *
     * @return the best slots, empty if nobody answered
     */
    public List<String> best() {
        Map<String, Integer> t = tally();
        int max = t.values().stream().max(Comparator.naturalOrder()).orElse(0);
        List<String> out = new ArrayList<>();
        if (max > 0) {
            t.forEach((s, n) -> {
                if (n == max) {
                    out.add(s);
                }
            });
        }
        return out;
    }

    /**
     * How many members answered.
     *
     * @return the count
     */
    public int answered() {
        return answers.latest().size();
    }
}
