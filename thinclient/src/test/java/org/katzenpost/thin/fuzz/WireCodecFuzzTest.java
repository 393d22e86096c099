package org.katzenpost.thin.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.katzenpost.testkit.internal.wire.RequestDecoder;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.Responses.Response;
import org.katzenpost.thin.internal.wire.WireCodec;

/**
 * Coverage-guided fuzz targets for the frame-body codec. Contract: {@link WireCodec#decodeResponse} and
 * {@link RequestDecoder#decode} return or throw {@link CborException}, nothing else; they allocate in
 * proportion to the input; and whatever they accept re-encodes to a frame that decodes to the same value.
 *
 * <p>A plain {@code mvn test} replays the committed corpus under {@code WireCodecFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} (see {@code scripts/fuzz}) one target at a time is fuzzed for {@code maxDuration}.
 */
class WireCodecFuzzTest {
    private final WireCodec codec = new WireCodec();

    @FuzzTest(maxDuration = "60s")
    void decodeResponse(byte[] input) {
        long before = Alloc.now();
        Response r;
        try {
            r = codec.decodeResponse(input);
        } catch (CborException expected) {
            return;
        } finally {
            FuzzChecks.allocationWithin(before, input.length, "decodeResponse", () -> codec.decodeResponse(input));
        }
        Response again = codec.decodeResponse(reencode(r));
        FuzzChecks.same(r, again, "decodeResponse(ResponseEncoder.encode(r))");
    }

    @FuzzTest(maxDuration = "60s")
    void decodeRequest(byte[] input) {
        long before = Alloc.now();
        Request r;
        try {
            r = RequestDecoder.decode(input);
        } catch (CborException expected) {
            return;
        } finally {
            FuzzChecks.allocationWithin(before, input.length, "decodeRequest", () -> RequestDecoder.decode(input));
        }
        Request again;
        try {
            again = RequestDecoder.decode(codec.encodeRequest(r));
        } catch (IllegalArgumentException e) {
            // The encoder validates what the client may send (fixed sizes, uint ranges) more strictly than the
            // daemon-side decoder accepts; a decoded request it refuses is not a decoder fault.
            return;
        }
        FuzzChecks.same(r, again, "decodeRequest(encodeRequest(r))");
    }

    private byte[] reencode(Response r) {
        return ResponseEncoder.encode(r);
    }
}
