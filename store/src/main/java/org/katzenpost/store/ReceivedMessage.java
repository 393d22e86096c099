package org.katzenpost.store;

/**
 * A message read from a channel and stored before the application sees it.
 *
 * @param payload the plaintext while not consumed; null once consumed (the store drops it)
 */
public record ReceivedMessage(long id, String channel, byte[] boxIndex, byte[] payload, boolean consumed) {
    @Override
    public String toString() {
        return "ReceivedMessage[" + id + ", " + channel + ", consumed=" + consumed + "]";
    }
}
