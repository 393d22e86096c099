package org.katzenpost.store;

/**
 * A channel this store reads. {@code nextIndex} is the next box to read; every box before it is stored.
 *
 * @param name the channel's name in the store
 * @param readCap the read cap (secret; left out of {@link #toString()})
 * @param firstIndex the channel's first box
 * @param nextIndex the next box to read
 * @param format how messages are laid out in its boxes
 */
public record ReadChannel(String name, byte[] readCap, byte[] firstIndex, byte[] nextIndex, ChannelFormat format) {
    @Override
    public String toString() {
        return "ReadChannel[" + name + ", readCap=" + Records.redacted(readCap) + "]";
    }
}
