package org.katzenpost.thin.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * A {@link Transport} over a blocking {@link SocketChannel} (JDK Unix-domain sockets).
 *
 * <p>The streams call {@link SocketChannel#read} and {@link SocketChannel#write} directly instead of using
 * {@code java.nio.channels.Channels.newInputStream/newOutputStream}: on JDK 17 those streams hold the
 * channel's {@code blockingLock()} for the whole of a blocking read, so a write from a second thread waits
 * until the read returns, which deadlocks a reader waiting for the reply to that write. A
 * {@code SocketChannel} itself has separate read and write locks, so direct calls do not block each other.
 * Closing the channel makes a blocked read fail with {@code AsynchronousCloseException}.
 */
final class ChannelTransport extends AbstractTransport {
    private final SocketChannel channel;
    private final InputStream in = new In();
    private final OutputStream out = new Out();

    ChannelTransport(SocketChannel channel, String description) {
        super(description);
        this.channel = channel;
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private final class In extends BulkInputStream {
        @Override
        protected int readSome(byte[] b, int off, int len) throws IOException {
            int n;
            do {
                n = channel.read(ByteBuffer.wrap(b, off, len));
            } while (n == 0); // blocking channel: 0 only for an empty buffer, which len > 0 excludes
            return n;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
