package org.katzenpost.thin.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.ProtocolViolationException;
import org.katzenpost.thin.internal.wire.Frames;
import org.katzenpost.thin.internal.wire.OneFrame;
import org.katzenpost.thin.internal.wire.WireCodec;

/**
 * The client's frame reader ({@link Frames.FrameReader}, the one the connection uses) against a hostile peer: announced lengths at and around every limit, streams that end inside a
 * frame, and proof that an announcement of up to 4 GiB is refused before anything is allocated (the stream is
 * never asked for the body, and this thread's allocation counter barely moves).
 */
class HostileFrameTest {
    private static final int MAX = Frames.MAX_FRAME_LENGTH;

    /** The 4-byte big-endian prefix for any length up to 2^32-1, unchecked (a hostile peer's prefix). */
    private static byte[] rawPrefix(long length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    /** A prefix followed by {@code bodyBytes} bytes of 0xA0, produced lazily (no 40 MiB test array). */
    private static CountingInputStream stream(long announced, long bodyBytes) {
        InputStream body = new InputStream() {
            long left = bodyBytes;

            @Override
            public int read() {
                if (left <= 0) {
                    return -1;
                }
                left--;
                return 0xA0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) 0xA0);
                left -= n;
                return n;
            }
        };
        return new CountingInputStream(new SequenceInputStream(new ByteArrayInputStream(rawPrefix(announced)), body));
    }

    @Test
    void emptyStreamIsACleanEnd() throws IOException {
        assertThat(OneFrame.read(new ByteArrayInputStream(new byte[0]))).isNull();
    }

    @Test
    void lengthZeroIsAProtocolViolation() {
        assertThatThrownBy(() -> OneFrame.read(stream(0, 10))).isInstanceOf(ProtocolViolationException.class);
    }

    @Test
    void lengthOneReadsOneByte() throws IOException {
        CountingInputStream in = stream(1, 5);
        assertThat(OneFrame.read(in)).containsExactly((byte) 0xA0);
        assertThat(in.delivered()).isEqualTo(5); // prefix and body, nothing more
    }

    @Test
    void exactly40MiBIsAllowed() throws IOException {
        CountingInputStream in = stream(MAX, MAX);
        Frames.FrameReader reader = new Frames.FrameReader(in);
        byte[] body = OneFrame.next(reader);
        assertThat(body).hasSize(MAX);
        assertThat(body[0]).isEqualTo((byte) 0xA0);
        assertThat(body[MAX - 1]).isEqualTo((byte) 0xA0);
        assertThat(in.largestRequest()).isLessThanOrEqualTo(MAX); // the buffer grows as the bytes arrive
        assertThat(OneFrame.next(reader)).as("then a clean end").isNull();
    }

    /** 40 MiB + 1, 2^31 (negative as an int), 2^32 - 1 (the largest a 4-byte prefix holds), and a few between. */
    @ParameterizedTest(name = "announced {0}")
    @ValueSource(longs = {MAX + 1L, 64L << 20, 0x7FFF_FFFFL, 0x8000_0000L, 0x8000_0001L, 0xFFFF_FFFEL, 0xFFFF_FFFFL})
    void oversizedAnnouncementsAreRefusedBeforeAllocating(long announced) {
        try {
            OneFrame.read(stream(announced, 1 << 20)); // warm up: the first call of a path loads classes
        } catch (IOException | RuntimeException warmUp) {
            // expected, measured below
        }
        CountingInputStream in = stream(announced, 1 << 20);
        long before = Alloc.now();
        CountingInputStream s = in;
        Throwable thrown = null;
        try {
            OneFrame.read(s);
        } catch (Throwable t) {
            thrown = t;
        }
        long allocated = Alloc.now() - before;
        assertThat(thrown).isInstanceOf(ProtocolViolationException.class).hasMessageContaining(
                Long.toString(announced));
        assertThat(in.delivered()).as("bytes taken from the stream").isEqualTo(4);
        assertThat(in.largestRequest()).as("largest read request").isLessThanOrEqualTo(3);
        Assumptions.assumeTrue(Alloc.supported(), "thread allocation counter unavailable: the rest was checked");
        assertThat(allocated).as("bytes allocated while refusing").isLessThan(64 * 1024);
    }

    @Test
    void fourGiBAnnouncementDoesNotTouchTheHeap() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long freeBefore = rt.freeMemory();
        for (int i = 0; i < 1000; i++) {
            CountingInputStream in = stream(0xFFFF_FFFFL, 16);
            assertThatThrownBy(() -> OneFrame.read(in)).isInstanceOf(ProtocolViolationException.class);
        }
        long drop = freeBefore - rt.freeMemory();
        assertThat(drop).as("free heap drop after 1000 refusals").isLessThan(64L << 20);
    }

    @Test
    void aFrameCutMidBodyIsAnEofException() {
        CountingInputStream in = stream(100, 50);
        assertThatThrownBy(() -> OneFrame.read(in)).isInstanceOf(EOFException.class)
                .hasMessageContaining("50 of 100");
    }

    @Test
    void a40MiBFrameCutAfterOneByteIsAnEofException() {
        assertThatThrownBy(() -> OneFrame.read(stream(MAX, 1))).isInstanceOf(EOFException.class);
    }

    @Test
    void aStreamCutInsideThePrefixIsAnEofException() {
        for (int n = 1; n <= 3; n++) {
            byte[] partial = Arrays.copyOf(rawPrefix(10), n);
            assertThatThrownBy(() -> OneFrame.read(new ByteArrayInputStream(partial)))
                    .as("%d prefix bytes", n).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void framesDeliveredOneByteAtATimeAreReassembled() throws IOException {
        WireCodec codec = new WireCodec();
        byte[] a = ResponseEncoder.encode(Samples.responses().get(0));
        byte[] b = ResponseEncoder.encode(Samples.responses().get(7));
        byte[] wire = SeedCorpus.framed(a, b);
        InputStream trickle = new InputStream() {
            int pos;

            @Override
            public int read() {
                return pos < wire.length ? wire[pos++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] buf, int off, int len) {
                if (pos >= wire.length) {
                    return -1;
                }
                buf[off] = wire[pos++];
                return 1;
            }
        };
        Frames.FrameReader reader = new Frames.FrameReader(trickle);
        assertThat(OneFrame.next(reader)).isEqualTo(a);
        assertThat(OneFrame.next(reader)).isEqualTo(b);
        assertThat(OneFrame.next(reader)).isNull();
    }
}
