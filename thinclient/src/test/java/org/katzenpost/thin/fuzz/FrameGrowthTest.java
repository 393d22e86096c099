package org.katzenpost.thin.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.internal.wire.Frames;

/**
 * A large frame's buffer grows with the bytes that arrive: a prefix announcing 40 MiB followed by a few bytes
 * costs a few hundred KiB, not 40 MiB, and a whole large frame still reads intact.
 */
class FrameGrowthTest {
    private static final int MAX = Frames.MAX_FRAME_LENGTH;

    private static InputStream announce(int length, byte[] body) {
        return new SequenceInputStream(new ByteArrayInputStream(Frames.prefix(length)), new ByteArrayInputStream(body));
    }

    @Test
    void aFrameAnnouncing40MiBThatStopsEarlyAllocatesLittle() {
        Assumptions.assumeTrue(Alloc.supported(), "per-thread allocation counter not available");
        byte[] some = new byte[1000];
        long before = Alloc.now();
        assertThatThrownBy(() -> new Frames.FrameReader(announce(MAX, some)).next())
                .isInstanceOf(Frames.TruncatedFrameException.class).hasMessageContaining("1000 of " + MAX);
        long allocated = Alloc.now() - before;
        assertThat(allocated).as("bytes allocated").isLessThan(2 * 1024 * 1024);
    }

    @Test
    void largeFramesReadIntactAsTheirBufferGrows() throws IOException {
        for (int n : new int[] {64 * 1024 + 1, 128 * 1024, 128 * 1024 + 1, 1_000_003, MAX}) {
            byte[] body = new byte[n];
            for (int i = 0; i < n; i += 4093) {
                body[i] = (byte) (i * 31 + 7);
            }
            body[n - 1] = 42;
            Frames.FrameReader reader = new Frames.FrameReader(announce(n, body));
            assertThat(reader.next()).isEqualTo(n);
            assertThat(Arrays.equals(reader.buffer(), 0, n, body, 0, n)).as("%d bytes", n).isTrue();
        }
    }
}
