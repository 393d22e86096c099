package org.katzenpost.thin.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import org.katzenpost.thin.ProtocolViolationException;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.wire.Frames;
import org.katzenpost.thin.internal.wire.WireCodec;

/**
 * Fuzz target for the framing over a byte stream, through the reader the connection uses ({@link
 * Frames.FrameReader}: one shared buffer for frames up to 64 KiB, an array of its own grown as the bytes arrive for
 * a longer one): frames are read until the stream ends. Contract: each {@link Frames.FrameReader#next} returns a
 * length, -1 at a clean end, or throws {@link EOFException} (the stream ends
 * inside a frame) or {@link ProtocolViolationException} (length 0 or above 40 MiB); it never asks the stream
 * for, nor allocates, more than {@link Frames#MAX_FRAME_LENGTH} bytes at once, whatever the prefix announces.
 * Every body read is handed to the response decoder, which may only throw {@link CborException}.
 */
class FramesFuzzTest {
    private final WireCodec codec = new WireCodec();

    @FuzzTest(maxDuration = "60s")
    void read(byte[] input) throws IOException {
        CountingInputStream in = new CountingInputStream(new ByteArrayInputStream(input));
        Frames.FrameReader reader = new Frames.FrameReader(in);
        for (int frame = 0; ; frame++) {
            long before = Alloc.now();
            int length;
            try {
                length = reader.next();
            } catch (EOFException | ProtocolViolationException expected) {
                return;
            } finally {
                long used = Alloc.now() - before;
                if (used > Frames.MAX_FRAME_LENGTH + Alloc.budget(0)) {
                    throw new AssertionError("FrameReader.next allocated " + used + " bytes (limit "
                            + Frames.MAX_FRAME_LENGTH + ")");
                }
                if (in.largestRequest() > Frames.MAX_FRAME_LENGTH) {
                    throw new AssertionError("FrameReader.next asked the stream for " + in.largestRequest() + " bytes");
                }
            }
            if (length < 0) {
                return;
            }
            if (length == 0 || length > Frames.MAX_FRAME_LENGTH || length > reader.buffer().length) {
                throw new AssertionError("frame " + frame + " has a body of " + length + " bytes in a buffer of "
                        + reader.buffer().length);
            }
            try {
                codec.decodeResponse(reader.buffer(), 0, length);
            } catch (CborException expected) {
                // a malformed body is the codec's to refuse
            }
        }
    }
}
