package org.katzenpost.store;

import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.WriteCap;

/**
 * A multi-box send in progress: a copy-stream transfer (all or nothing at the receiver) or a direct one
 * (box by box).
 *
 * @param id the store's number for the transfer
 * @param channel the name of the write channel it goes to
 * @param kind copy stream or direct
 * @param state how far it got
 * @param label what the application calls it (the CLI: the file name)
 * @param sha256 digest of the source, so a resumed direct transfer can check the file did not change
 * @param size total bytes of the source
 * @param offset direct: source bytes already queued; copy: {@code size} once staged
 * @param destStartIndex first destination box
 * @param destNextIndex destination index after the transfer (copy only; null for direct)
 * @param tempWriteCap the temporary stream of a copy transfer (secret), else null
 */
public record Transfer(long id, String channel, Kind kind, State state, String label, byte[] sha256, long size,
        long offset, MessageBoxIndex destStartIndex, MessageBoxIndex destNextIndex, WriteCap tempWriteCap) {

    /** How the boxes reach the destination channel. */
    public enum Kind {
        /** Through a temporary stream and one copy command: the receiver sees all of it or nothing. */
        COPY,
        /** Box by box into the channel: the receiver sees a prefix while it runs. */
        DIRECT
    }

    /** How far a transfer got. */
    public enum State {
        /** Copy: elements are being written to the temporary stream. Direct: boxes are being sent. */
        SENDING,
        /** Copy: every element is written and the copy command may have gone out. */
        COPYING,
        /** Finished: a direct transfer queued its last box, a copy transfer's copy command completed. */
        DONE,
        /** Dropped by the application ({@code PersistentChannels.abandon}): its remaining boxes are never sent. */
        ABANDONED
    }

    @Override
    public String toString() {
        return "Transfer[" + id + ", " + channel + ", " + kind + ", " + state + ", " + size + " bytes]";
    }
}
