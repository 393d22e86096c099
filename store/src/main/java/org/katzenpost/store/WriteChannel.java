package org.katzenpost.store;

import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.ReadCap;
import org.katzenpost.thin.pigeonhole.WriteCap;

/**
 * A channel this store writes to. {@code nextIndex} is the box the next new message goes to; boxes before it
 * are taken (written, or reserved by a pending message or transfer).
 *
 * @param name the channel's name in the store
 * @param writeCap the write cap (secret; {@link #toString()} shows its fingerprint only)
 * @param readCap the matching read cap when known (to hand to readers), else null
 * @param firstIndex the channel's first box
 * @param nextIndex the box the next new message goes to
 * @param format how messages are laid out in its boxes
 */
public record WriteChannel(String name, WriteCap writeCap, ReadCap readCap, MessageBoxIndex firstIndex,
        MessageBoxIndex nextIndex, ChannelFormat format) {
    @Override
    public String toString() {
        return "WriteChannel[" + name + ", " + format + ", writeCap=" + writeCap + "]";
    }
}
