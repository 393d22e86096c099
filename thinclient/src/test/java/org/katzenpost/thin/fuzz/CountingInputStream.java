package org.katzenpost.thin.fuzz;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Records what a reader asks of its stream: the largest single read request and the bytes handed out. */
public final class CountingInputStream extends FilterInputStream {
    private long largestRequest;
    private long delivered;

    public CountingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        largestRequest = Math.max(largestRequest, 1);
        int b = super.read();
        if (b >= 0) {
            delivered++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        largestRequest = Math.max(largestRequest, len);
        int n = super.read(b, off, len);
        if (n > 0) {
            delivered += n;
        }
        return n;
    }

    /** The largest {@code len} passed to a read call: the size of the buffer the reader had allocated. */
    public long largestRequest() {
        return largestRequest;
    }

    public long delivered() {
        return delivered;
    }
}
