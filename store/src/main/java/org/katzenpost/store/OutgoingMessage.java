package org.katzenpost.store;

import org.katzenpost.thin.pigeonhole.MessageBoxIndex;

/**
 * A message written to the store before it is sent. It owns box {@code boxIndex} of its channel for good: a
 * resend after a crash goes to the same box.
 *
 * @param id the message's id in the store
 * @param channel the write channel it goes to
 * @param boxIndex the box it owns
 * @param payload the plaintext while not yet sent; null once sent (the store drops it)
 * @param sent whether the courier acknowledged it
 * @param transferId the transfer it belongs to, or 0
 */
public record OutgoingMessage(long id, String channel, MessageBoxIndex boxIndex, byte[] payload, boolean sent,
        long transferId) {
    @Override
    public String toString() {
        return "OutgoingMessage[" + id + ", " + channel + ", sent=" + sent + "]";
    }
}
