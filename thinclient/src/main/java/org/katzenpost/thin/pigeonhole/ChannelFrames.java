package org.katzenpost.thin.pigeonhole;

/**
 * The framing of channel messages. A message becomes the frame {@code [version 0x01][length: uint32 big-endian]
 * [message bytes]}. A frame that fits in one box is written to one box; a longer one goes through a copy stream,
 * whose builder cuts it into consecutive boxes. A reader concatenates box plaintexts until it has the announced
 * length, so it needs no knowledge of the chunk size. An empty message is a 5-byte frame, never a tombstone.
 */
final class ChannelFrames {
    static final int VERSION = 1;
    static final int HEADER_LENGTH = 5;

    private ChannelFrames() {}

    static byte[] frame(byte[] message) {
        byte[] out = new byte[HEADER_LENGTH + message.length];
        out[0] = VERSION;
        int n = message.length;
        out[1] = (byte) (n >>> 24);
        out[2] = (byte) (n >>> 16);
        out[3] = (byte) (n >>> 8);
        out[4] = (byte) n;
        System.arraycopy(message, 0, out, HEADER_LENGTH, n);
        return out;
    }

    /** The announced message length of a first box, or -1 if the box does not start a version-1 frame. */
    static long length(byte[] firstBox) {
        if (firstBox.length < HEADER_LENGTH || firstBox[0] != VERSION) {
            return -1;
        }
        return ((firstBox[1] & 0xFFL) << 24) | ((firstBox[2] & 0xFFL) << 16) | ((firstBox[3] & 0xFFL) << 8)
                | (firstBox[4] & 0xFFL);
    }
}
