package org.katzenpost.thin.pigeonhole;

/**
 * The framing of channel messages, shared by {@link ChannelWriter}, {@link ChannelReader} and the persistent
 * channels of the store module (docs/pigeonhole.md#the-channel-format). A message becomes the frame
 * {@code [version 0x01][length: uint32 big-endian][message bytes]}. A frame that fits in one box is written to one
 * box; a longer one fills consecutive boxes (a copy stream cuts it, or a writer writes box after box). A reader
 * concatenates box plaintexts until it has the announced length, so it needs no knowledge of how the frame was
 * cut. An empty message is a 5-byte frame, never a tombstone.
 */
public final class ChannelFrames {
    /** The frame version this library writes and reads: {@value}. */
    public static final int VERSION = 1;
    /** Bytes of the header in front of the message: {@value}. */
    public static final int HEADER_LENGTH = 5;

    private ChannelFrames() {}

    /**
     * The frame of {@code message}: header, then the message.
     *
     * @param message the message (may be empty)
     * @return a new array of {@code HEADER_LENGTH + message.length} bytes
     */
    public static byte[] frame(byte[] message) {
        byte[] out = header(message.length);
        byte[] framed = java.util.Arrays.copyOf(out, HEADER_LENGTH + message.length);
        System.arraycopy(message, 0, framed, HEADER_LENGTH, message.length);
        return framed;
    }

    /**
     * The header of a frame announcing {@code messageLength} bytes (for a writer that streams the message after it).
     *
     * @param messageLength the message length, not negative
     * @return the 5 header bytes
     */
    public static byte[] header(long messageLength) {
        if (messageLength < 0 || messageLength > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("a frame holds 0 to 2^32-1 bytes, not " + messageLength);
        }
        return new byte[] {(byte) VERSION, (byte) (messageLength >>> 24), (byte) (messageLength >>> 16),
            (byte) (messageLength >>> 8), (byte) messageLength};
    }

    /**
     * The message length the first box of a frame announces.
     *
     * @param firstBox the plaintext of the message's first box
     * @return the announced length (the message bytes in this box and the boxes after it)
     * @throws ChannelFormatException if the box does not start a version-{@value #VERSION} frame
     */
    public static long messageLength(byte[] firstBox) {
        if (firstBox.length < HEADER_LENGTH || firstBox[0] != VERSION) {
            throw new ChannelFormatException("a channel box does not start a message this reader understands "
                    + "(frame version " + (firstBox.length == 0 ? "none" : firstBox[0] & 0xFF) + "); skipped it");
        }
        return ((firstBox[1] & 0xFFL) << 24) | ((firstBox[2] & 0xFFL) << 16) | ((firstBox[3] & 0xFFL) << 8)
                | (firstBox[4] & 0xFFL);
    }
}
