package org.katzenpost.store;

/**
 * A channel this store reads. {@code nextIndex} is the next box to read; every box before it is stored.
 *
 * @param format how messages are laid out in its boxes
 */
public record ReadChannel(String name, byte[] readCap, byte[] firstIndex, byte[] nextIndex, ChannelFormat format) {
    @Override
    public String toString() {
        return "ReadChannel[" + name + ", readCap=" + Records.redacted(readCap) + "]";
    }
}
