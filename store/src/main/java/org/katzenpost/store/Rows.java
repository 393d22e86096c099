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
        try {
            return column == null ? null : MessageBoxIndex.of(column);
        } catch (IllegalArgumentException e) {
            throw corrupt("box index", column, e);
        }
    }

    static WriteCap writeCap(byte[] column) {
        try {
            return column == null ? null : WriteCap.of(column);
        } catch (IllegalArgumentException e) {
            throw corrupt("write cap", column, e);
        }
    }

    static ReadCap readCap(byte[] column) {
        try {
            return column == null ? null : ReadCap.of(column);
        } catch (IllegalArgumentException e) {
            throw corrupt("read cap", column, e);
        }
    }

    /** An absent or empty buffer column is {@link CopyStreamBuffer#EMPTY}. */
    static CopyStreamBuffer buffer(byte[] column) {
        try {
            return CopyStreamBuffer.of(column);
        } catch (IllegalArgumentException e) {
            throw corrupt("copy-stream buffer", column, e);
        }
    }

    static ChannelFormat format(String column) {
        try {
            return ChannelFormat.valueOf(column);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new StoreException("a stored channel format is not one this version knows; the store is corrupt"
                    + " or from a newer version", e);
        }
    }

    /** A column the store wrote that no longer decodes: the file was changed behind the store's back. */
    private static StoreException corrupt(String what, byte[] column, RuntimeException cause) {
        return new StoreException("a stored " + what + " of " + column.length + " bytes does not decode; the store"
                + " is corrupt", cause);
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
