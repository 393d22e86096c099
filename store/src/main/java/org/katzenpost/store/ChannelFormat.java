package org.katzenpost.store;

/**
 * How a stored channel lays its messages out in boxes (docs/pigeonhole.md#the-channel-format).
 */
public enum ChannelFormat {
    /**
     * The channel format of the thin client ({@code ChannelFrames}): each message is a frame (a 5-byte header
     * announcing its length, then its bytes) in one box or in consecutive boxes. A channel written here is read by
     * a {@code ChannelReader}, and one written by a {@code ChannelWriter} is read here. The default for new
     * channels.
     */
    FRAMED,
    /**
     * One box is one message, its plaintext as is: the file format of {@code katzen send} and pigeonhole-cp
     * (docs/cli.md), and every channel stored before schema version 4.
     */
    BOXES
}
