package org.katzenpost.groups;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Replicated state for a group: each member's latest value, taken from their events, with last-write-wins per
 * sender, and any state folded from those values. "Last" is the sender's own stream order, which every member
 * sees the same way, so every member that has applied the same events holds the same state: no clocks, no
 * coordination. Feed it every received event and the local member's own sends ({@link #applyLocal}).
 *
 * <pre>{@code
 * LastWriteWins<PollEvent, Set<String>> votes =
 *         new LastWriteWins<>(e -> e instanceof Vote v ? v.choices() : null);
 * votes.apply(group.receiveAny(timeout).join());
 * Map<String, Integer> tally = votes.fold(new TreeMap<>(), (t, choices) -> { ... });
 * }</pre>
 *
 * Thread-safe.
 *
 * @param <E> the event type
 * @param <V> the value each sender holds
 */
public final class LastWriteWins<E, V> {
    private final Function<E, V> valueOf;
    private final Map<MemberId, V> latest = new LinkedHashMap<>();

    /**
     * Makes an empty state.
     *
     * @param valueOf the value an event sets for its sender, or null for events that do not concern this state
     */
    public LastWriteWins(Function<E, V> valueOf) {
        this.valueOf = Objects.requireNonNull(valueOf, "valueOf");
    }

    /**
     * Applies a received event: its value replaces the sender's previous one.
     *
     * @param event the event
     * @return whether it changed the state
     */
    public boolean apply(GroupEvent<E> event) {
        return applyLocal(event.sender(), event.event());
    }

    /**
     * Applies an event of {@code sender} (e.g. the local member's own, which the group does not read back).
     *
     * @param sender who sent it
     * @param event the event
     * @return whether it changed the state
     */
    public synchronized boolean applyLocal(MemberId sender, E event) {
        V v = valueOf.apply(event);
        if (v == null) {
            return false;
        }
        V prev = latest.put(Objects.requireNonNull(sender, "sender"), v);
        return !v.equals(prev);
    }

    /**
     * Each sender's latest value.
     *
     * @return a snapshot, in the order senders first set a value
     */
    public synchronized Map<MemberId, V> latest() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(latest));
    }

    /**
     * Drops a sender's value (e.g. a member who left).
     *
     * @param sender the sender
     */
    public synchronized void forget(MemberId sender) {
        latest.remove(sender);
    }

    /**
     * Folds the senders' latest values into a result.
     *
     * @param <R> the result type
     * @param initial the starting result
     * @param step combines the result so far with one sender's value
     * @return the result
     */
    public synchronized <R> R fold(R initial, BiFunction<R, V, R> step) {
        R r = initial;
        for (V v : latest.values()) {
            r = step.apply(r, v);
        }
        return r;
    }
}
