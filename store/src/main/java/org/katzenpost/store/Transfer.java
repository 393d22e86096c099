package org.katzenpost.store;

/**
 * A multi-box send in progress: a copy-stream transfer (all or nothing at the receiver) or a direct one
 * (box by box).
 *
 * @param label what the application calls it (the CLI: the file name)
 * @param sha256 digest of the source, so a resumed direct transfer can check the file did not change
 * @param size total bytes of the source
 * @param offset direct: source bytes already queued; copy: {@code size} once staged
 * @param destStartIndex first destination box
 * @param destNextIndex destination index after the transfer (copy only; null for direct)
 * @param tempWriteCap the temporary stream of a copy transfer (secret), else null
 */
public record Transfer(long id, String channel, Kind kind, State state, String label, byte[] sha256, long size,
        long offset, byte[] destStartIndex, byte[] destNextIndex, byte[] tempWriteCap) {

    public enum Kind { COPY, DIRECT }

    public enum State {
        /** Copy: elements are being written to the temporary stream. Direct: boxes are being sent. */
        SENDING,
        /** Copy: every element is written and the copy command may have gone out. */
        COPYING,
        DONE,
        ABANDONED
    }

    @Override
    public String toString() {
        return "Transfer[" + id + ", " + channel + ", " + kind + ", " + state + ", " + size + " bytes]";
    }
}
