package org.katzenpost.thin.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An {@link InputStream} that only knows bulk reads: {@link #read()} and the argument checks of
 * {@link #read(byte[], int, int)} are done here, and a subclass implements {@link #readSome} for a
 * non-empty range.
 */
abstract class BulkInputStream extends InputStream {
    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        return readSome(b, off, len);
    }

    /**
     * Blocks until at least one byte is available, then reads up to {@code len} (at least 1) bytes into
     * {@code b} at {@code off}.
     *
     * @return the number of bytes read, at least 1, or -1 at end of stream
     */
    protected abstract int readSome(byte[] b, int off, int len) throws IOException;
}
