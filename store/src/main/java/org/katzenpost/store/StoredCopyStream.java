package org.katzenpost.store;

import org.katzenpost.thin.pigeonhole.CopyStreamBuffer;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.WriteCap;

/**
 * A copy stream over any number of destinations, as stored by {@link ChannelStore}: its temporary stream and
 * how far it got. Built and finished by {@link CopyStreamBuilder}.
 *
 * @param id the stream's id in the store
 * @param label what the application calls it (may be null)
 * @param state how far it got
 * @param tempWriteCap the temporary stream's write cap (secret); null once done or abandoned
 * @param tempNextIndex the temporary stream's next free box
 * @param buffer the residue the next add continues from ({@link CopyStreamBuffer#EMPTY} when none)
 * @param payloads how many payloads were added
 * @param lastAdded whether the last payload was added (the stream is complete and may be finished)
 */
public record StoredCopyStream(long id, String label, State state, WriteCap tempWriteCap,
        MessageBoxIndex tempNextIndex, CopyStreamBuffer buffer, int payloads, boolean lastAdded) {

    /** The life of a copy stream. */
    public enum State {
        /** Payloads are being added; elements go to the temporary stream as they are made. */
        BUILDING,
        /** Every element is written and the copy command may have gone out. */
        COPYING,
        /** The courier applied the copy: every destination box is written. */
        DONE,
        /** Given up: the copy command is never sent. */
        ABANDONED
    }

    @Override
    public String toString() {
        return "StoredCopyStream[" + id + ", " + state + ", " + payloads + " payloads, last=" + lastAdded + "]";
    }
}
