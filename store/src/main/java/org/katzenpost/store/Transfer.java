package org.katzenpost.store;

import java.util.Arrays;
import java.util.Objects;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.WriteCap;

/**
 * A multi-box send in progress: a copy-stream transfer (all or nothing at the receiver) or a direct one
 * (box by box). Immutable; the digest is copied in and out, and two transfers are equal when their components
 * are (the digest by content). {@link #toString()} shows neither the digest nor the temporary write cap.
 *
 * @param id the store's number for the transfer
 * @param channel the name of the write channel it goes to
 * @param kind copy stream or direct
 * @param state how far it got
 * @param label what the application calls it (the CLI: the file name)
 * @param sha256 digest of the source, so a resumed direct transfer can check the file did not change; null if
 *     none was given
 * @param size total bytes of the source
 * @param offset direct: source bytes already queued; copy: {@code size} once staged
 * @param destStartIndex first destination box
 * @param destNextIndex destination index after the transfer (copy only; null for direct)
 * @param tempWriteCap the temporary stream of a copy transfer (secret), else null
 */
public record Transfer(long id, String channel, Kind kind, State state, String label, byte[] sha256, long size,
        long offset, MessageBoxIndex destStartIndex, MessageBoxIndex destNextIndex, WriteCap tempWriteCap) {

    /**
     * Copies the digest.
     *
     * @param id the store's number for the transfer
     * @param channel the name of the write channel it goes to
     * @param kind copy stream or direct
     * @param state how far it got
     * @param label what the application calls it
     * @param sha256 digest of the source, or null; copied
     * @param size total bytes of the source
     * @param offset direct: source bytes already queued; copy: {@code size} once staged
     * @param destStartIndex first destination box
     * @param destNextIndex destination index after the transfer (copy only; null for direct)
     * @param tempWriteCap the temporary stream of a copy transfer, else null
     */
    public Transfer {
        sha256 = sha256 == null ? null : sha256.clone();
    }

    /**
     * The digest of the source given when the transfer began.
     *
     * @return a fresh copy, or null if none was given
     */
    @Override
    public byte[] sha256() {
        return sha256 == null ? null : sha256.clone();
    }

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
    public boolean equals(Object o) {
        return o instanceof Transfer t && id == t.id && size == t.size && offset == t.offset
                && Objects.equals(channel, t.channel) && kind == t.kind && state == t.state
                && Objects.equals(label, t.label) && Arrays.equals(sha256, t.sha256)
                && Objects.equals(destStartIndex, t.destStartIndex) && Objects.equals(destNextIndex, t.destNextIndex)
                && Objects.equals(tempWriteCap, t.tempWriteCap);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, channel, kind, state, label, Arrays.hashCode(sha256), size, offset, destStartIndex,
                destNextIndex, tempWriteCap);
    }

    @Override
    public String toString() {
        return "Transfer[" + id + ", " + channel + ", " + kind + ", " + state + ", " + size + " bytes]";
    }
}
