package org.katzenpost.thin.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.session.DispatchHarness;
import org.katzenpost.thin.internal.wire.Frames;
import org.katzenpost.thin.internal.wire.WireCodec;

/**
 * Fuzz target for what the connection reader does with one frame body after decoding it: the events and
 * completions it turns into ({@code Dispatcher}). Contract: the reader never fails on a frame (the stream then
 * ends cleanly at the frame boundary); a body that does not decode counts as one malformed frame; a body that
 * decodes is handled without counting one, so every value the dispatcher cannot take is refused by the decoder
 * already (as a {@link CborException}, like {@code sent_at} beyond the range of a date).
 */
class DispatchFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void dispatch(byte[] input) throws InterruptedException {
        if (input.length == 0 || input.length > Frames.MAX_FRAME_LENGTH) {
            return; // refused by the framing before any decoding (FramesFuzzTest)
        }
        boolean decodes;
        try {
            WireCodec.INSTANCE.decodeResponse(input);
            decodes = true;
        } catch (CborException e) {
            decodes = false;
        }
        DispatchHarness.Outcome o = DispatchHarness.read(DispatchHarness.framed(input));
        if (!DispatchHarness.CLEAN_END.equals(o.reason())) {
            throw new AssertionError("the reader ended with \"" + o.reason() + "\"");
        }
        long expected = decodes ? 0 : 1;
        if (o.malformedFrames() != expected) {
            throw new AssertionError("a frame that " + (decodes ? "decodes" : "does not decode") + " counted "
                    + o.malformedFrames() + " malformed frames, expected " + expected);
        }
    }
}
