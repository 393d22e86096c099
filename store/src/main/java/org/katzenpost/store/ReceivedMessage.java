package org.katzenpost.store;

import org.katzenpost.thin.pigeonhole.MessageBoxIndex;

/**
 * A message read from a channel and stored before the application sees it.
 *
 * @param id the message's id in the store
 * @param channel the read channel it came from
 * @param boxIndex the box it was read from
 * @param payload the plaintext (empty for a tombstoned box) while not consumed; null once consumed, unless the
 *     channel keeps its history ({@link ChannelStore#setKeepHistory})
 * @param consumed whether the application has dealt with it
 */
public record ReceivedMessage(long id, String channel, MessageBoxIndex boxIndex, byte[] payload, boolean consumed) {
    @Override
    public String toString() {
        return "ReceivedMessage[" + id + ", " + channel + ", consumed=" + consumed + "]";
    }
}
