package org.katzenpost.store;

import java.util.function.Function;
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
        return column == null ? null : decode(column, "box index", MessageBoxIndex::of);
    }

    static WriteCap writeCap(byte[] column) {
        return column == null ? null : decode(column, "write cap", WriteCap::of);
    }

    static ReadCap readCap(byte[] column) {
        return column == null ? null : decode(column, "read cap", ReadCap::of);
    }

    /** An absent or empty buffer column is {@link CopyStreamBuffer#EMPTY}. */
    static CopyStreamBuffer buffer(byte[] column) {
        return column == null ? CopyStreamBuffer.EMPTY : decode(column, "copy-stream buffer", CopyStreamBuffer::of);
    }

    static ChannelFormat format(String column) {
        try {
            return ChannelFormat.valueOf(column);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new StoreException("a stored channel format is not one this version knows; the store is corrupt"
                    + " or from a newer version", e);
        }
    }

    /**
     * A column the store wrote, decoded; one that no longer decodes is a {@link StoreException}: the file was
     * changed behind the store's back.
     */
    private static <T> T decode(byte[] column, String what, Function<byte[], T> decoder) {
        try {
            return decoder.apply(column);
        } catch (IllegalArgumentException e) {
            throw new StoreException("a stored " + what + " of " + column.length + " bytes does not decode; the"
                    + " store is corrupt", e);
        }
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
