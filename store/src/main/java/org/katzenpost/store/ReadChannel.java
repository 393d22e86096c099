package org.katzenpost.store;

import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.ReadCap;

/**
 * A channel this store reads. {@code nextIndex} is the next box to read; every box before it is stored.
 *
 * @param name the channel's name in the store
 * @param readCap the read cap (secret; {@link #toString()} shows its fingerprint only)
 * @param firstIndex the channel's first box
 * @param nextIndex the next box to read
 * @param format how messages are laid out in its boxes
 */
public record ReadChannel(String name, ReadCap readCap, MessageBoxIndex firstIndex, MessageBoxIndex nextIndex,
        ChannelFormat format) {
    @Override
    public String toString() {
        return "ReadChannel[" + name + ", " + format + ", readCap=" + readCap + "]";
    }
}
