package org.katzenpost.store;

import org.katzenpost.thin.pigeonhole.CopyStreamBuffer;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.ReadCap;
import org.katzenpost.thin.pigeonhole.WriteCap;

/**
 * The row boundary: the store's tables keep caps, indices and buffers as the raw bytes of the wire (so files
 * written before the typed API read back unchanged); the records and calls carry the thin client's types. A
 * null column is a null value.
 */
final class Rows {
    private Rows() {}

    static MessageBoxIndex index(byte[] column) {
        return column == null ? null : MessageBoxIndex.of(column);
    }

    static WriteCap writeCap(byte[] column) {
        return column == null ? null : WriteCap.of(column);
    }

    static ReadCap readCap(byte[] column) {
        return column == null ? null : ReadCap.of(column);
    }

    /** An absent or empty buffer column is {@link CopyStreamBuffer#EMPTY}. */
    static CopyStreamBuffer buffer(byte[] column) {
        return CopyStreamBuffer.of(column);
    }

    static byte[] bytes(MessageBoxIndex v) {
        return v == null ? null : v.toBytes();
    }

    static byte[] bytes(WriteCap v) {
        return v == null ? null : v.toBytes();
    }

    static byte[] bytes(ReadCap v) {
        return v == null ? null : v.toBytes();
    }

    static byte[] bytes(CopyStreamBuffer v) {
        return v == null ? null : v.toBytes();
    }
}
