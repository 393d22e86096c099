package org.katzenpost.store;

import java.util.Arrays;
import java.util.Objects;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;

/**
 * A message written to the store before it is sent. It owns box {@code boxIndex} of its channel for good: a
 * resend after a crash goes to the same box. Immutable; the payload is copied in and out, and two messages are
 * equal when their components are (the payload by content). {@link #toString()} shows no payload.
 *
 * @param id the message's id in the store
 * @param channel the write channel it goes to
 * @param boxIndex the box it owns
 * @param payload the plaintext while not yet sent (a tombstone's, empty, may read back from the store as null);
 *     null once sent (the store drops it)
 * @param sent whether the courier acknowledged it
 * @param transferId the transfer it belongs to, or 0
 */
public record OutgoingMessage(long id, String channel, MessageBoxIndex boxIndex, byte[] payload, boolean sent,
        long transferId) {
    /**
     * Copies the payload.
     *
     * @param id the message's id in the store
     * @param channel the write channel it goes to
     * @param boxIndex the box it owns
     * @param payload the plaintext, or null; copied
     * @param sent whether the courier acknowledged it
     * @param transferId the transfer it belongs to, or 0
     */
    public OutgoingMessage {
        payload = payload == null ? null : payload.clone();
    }

    /**
     * The plaintext while not yet sent. Secret.
     *
     * @return a fresh copy; null once sent, and possibly for an unsent tombstone (an empty payload)
     */
    @Override
    public byte[] payload() {
        return payload == null ? null : payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutgoingMessage m && id == m.id && sent == m.sent && transferId == m.transferId
                && Objects.equals(channel, m.channel) && Objects.equals(boxIndex, m.boxIndex)
                && Arrays.equals(payload, m.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, channel, boxIndex, Arrays.hashCode(payload), sent, transferId);
    }

    @Override
    public String toString() {
        return "OutgoingMessage[" + id + ", " + channel + ", sent=" + sent + "]";
    }
}
