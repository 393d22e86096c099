package org.katzenpost.store;

import java.util.Arrays;
import java.util.Objects;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;

/**
 * A message read from a channel and stored before the application sees it. Immutable; the payload is copied in
 * and out, and two messages are equal when their components are (the payload by content). {@link #toString()}
 * shows no payload.
 *
 * @param id the message's id in the store
 * @param channel the read channel it came from
 * @param boxIndex the box it was read from
 * @param payload the plaintext (empty for a tombstoned box) while not consumed; null once consumed, unless the
 *     channel keeps its history ({@link ChannelStore#setKeepHistory})
 * @param consumed whether the application has dealt with it
 */
public record ReceivedMessage(long id, String channel, MessageBoxIndex boxIndex, byte[] payload, boolean consumed) {
    /**
     * Copies the payload.
     *
     * @param id the message's id in the store
     * @param channel the read channel it came from
     * @param boxIndex the box it was read from
     * @param payload the plaintext, or null; copied
     * @param consumed whether the application has dealt with it
     */
    public ReceivedMessage {
        payload = payload == null ? null : payload.clone();
    }

    /**
     * The plaintext (empty for a tombstoned box). Secret.
     *
     * @return a fresh copy; null once consumed, unless the channel keeps its history
     */
    @Override
    public byte[] payload() {
        return payload == null ? null : payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceivedMessage m && id == m.id && consumed == m.consumed
                && Objects.equals(channel, m.channel) && Objects.equals(boxIndex, m.boxIndex)
                && Arrays.equals(payload, m.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, channel, boxIndex, Arrays.hashCode(payload), consumed);
    }

    @Override
    public String toString() {
        return "ReceivedMessage[" + id + ", " + channel + ", consumed=" + consumed + "]";
    }
}
