package org.katzenpost.thin.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.katzenpost.thin.fuzz.Alloc;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.internal.wire.RequestDecoder;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.Responses.Response;

/** Hostile input: decode must end in a value or a CborException, never anything else, and quickly. */
class WireCodecRobustnessTest {
    private final WireCodec codec = new WireCodec();

    private List<byte[]> responseFrames() {
        List<byte[]> frames = new ArrayList<>();
        for (Response r : WireSamples.responses()) {
            frames.add(ResponseEncoder.encode(r));
        }
        for (Response r : WireSamples.errorResponses()) {
            frames.add(ResponseEncoder.encode(r));
        }
        return frames;
    }

    private List<byte[]> requestFrames() {
        List<byte[]> frames = new ArrayList<>();
        for (Request r : WireSamples.requests()) {
            frames.add(codec.encodeRequest(r));
        }
        for (Request r : WireSamples.sparseRequests()) {
            frames.add(codec.encodeRequest(r));
        }
        return frames;
    }

    @Test
    void everyTruncationOfEveryResponseFrameIsACborException() {
        int n = 0;
        for (byte[] frame : responseFrames()) {
            for (int len = 0; len < frame.length; len++) {
                byte[] prefix = Arrays.copyOf(frame, len);
                int l = len;
                assertThatThrownBy(() -> codec.decodeResponse(prefix)).as("prefix of %d/%d bytes", l, frame.length)
                        .isInstanceOf(CborException.class);
                n++;
            }
        }
        assertThat(n).isGreaterThan(10_000);
    }

    @Test
    void everyTruncationOfEveryRequestFrameIsACborException() {
        for (byte[] frame : requestFrames()) {
            for (int len = 0; len < frame.length; len++) {
                byte[] prefix = Arrays.copyOf(frame, len);
                assertThatThrownBy(() -> RequestDecoder.decode(prefix)).isInstanceOf(CborException.class);
            }
        }
    }

    /**
     * Decodes, accepting a value or a CborException; anything else fails the test with the input in hex. What
     * decodes must re-encode to a frame that decodes to the same value (requests may be refused by the
     * stricter encoder with an IllegalArgumentException).
     *
     * @return whether the input decoded, so that a test can check its inputs reached the re-encoding check
     */
    private boolean decodeTotally(byte[] input, boolean response) {
        Object decoded;
        try {
            decoded = response ? codec.decodeResponse(input) : RequestDecoder.decode(input);
        } catch (CborException expected) {
            return false;
        } catch (Throwable t) {
            fail("decode threw " + t + " on " + java.util.HexFormat.of().formatHex(input), t);
            return false;
        }
        Object again;
        try {
            again = response
                    ? codec.decodeResponse(ResponseEncoder.encode((Response) decoded))
                    : RequestDecoder.decode(codec.encodeRequest((Request) decoded));
        } catch (IllegalArgumentException refused) {
            if (response) {
                fail("ResponseEncoder.encode refused what decodeResponse accepted: "
                        + java.util.HexFormat.of().formatHex(input), refused);
            }
            return true;
        }
        assertThat(again).as("re-encoded %s", java.util.HexFormat.of().formatHex(input))
                .usingRecursiveComparison().isEqualTo(decoded);
        return true;
    }

    @Test
    void mutatedFramesOnlyEverThrowCborException() {
        SplittableRandom rnd = new SplittableRandom(0x5EED);
        List<byte[]> responses = responseFrames();
        List<byte[]> requests = requestFrames();
        int decoded = 0;
        for (int iter = 0; iter < 40_000; iter++) {
            boolean response = (iter & 1) == 0;
            List<byte[]> pool = response ? responses : requests;
            byte[] f = pool.get(rnd.nextInt(pool.size())).clone();
            int edits = 1 + rnd.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int pos = rnd.nextInt(f.length);
                switch (rnd.nextInt(4)) {
                    case 0: f[pos] = (byte) rnd.nextInt(256); break;
                    case 1: f[pos] ^= (byte) (1 << rnd.nextInt(8)); break;
                    case 2: f = Arrays.copyOf(f, pos + 1); break;
                    default: {
                        // splice in an interesting head byte (huge lengths, indefinite, break, reserved)
                        int[] heads = {0x1B, 0x3B, 0x5B, 0x5F, 0x7B, 0x7F, 0x9B, 0x9F, 0xBB, 0xBF, 0xFF, 0xFC, 0xF9,
                            0xFB, 0xC0, 0xDF, 0xF8, 0x5A, 0x9A, 0xBA};
                        f[pos] = (byte) heads[rnd.nextInt(heads.length)];
                    }
                }
            }
            if (decodeTotally(f, response)) {
                decoded++;
            }
        }
        // a mutation often leaves a valid frame (a changed byte inside a value): those went through re-encoding
        assertThat(decoded).as("mutated frames that still decoded").isGreaterThan(1_000);
    }

    @Test
    void randomBytesOnlyEverThrowCborException() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int iter = 0; iter < 20_000; iter++) {
            byte[] f = new byte[rnd.nextInt(64)];
            for (int i = 0; i < f.length; i++) {
                f[i] = (byte) rnd.nextInt(256);
            }
            if (f.length > 0 && rnd.nextBoolean()) {
                f[0] = (byte) (0xA0 | rnd.nextInt(32)); // start with a map head more often
            }
            decodeTotally(f, true);
            decodeTotally(f, false);
        }
    }

    @Test
    void hugeDeclaredLengthsFailFastWithoutAllocating() {
        byte[][] inputs = {
            {(byte) 0xBB, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF}, // map of 2^64-1 entries
            {(byte) 0xBA, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, // map of 2^32-1 entries
            {(byte) 0xA1, 0x6E, 's', 'h', 'u', 't', 'd', 'o', 'w', 'n', '_', 'e', 'v', 'e', 'n', 't', (byte) 0x5A,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
        };
        List<Long> allocated = new ArrayList<>();
        for (byte[] in : inputs) {
            long before = Alloc.now();
            assertThatThrownBy(() -> codec.decodeResponse(in)).isInstanceOf(CborException.class);
            allocated.add(Alloc.now() - before);
        }
        Assumptions.assumeTrue(Alloc.supported(), "thread allocation counter unavailable: the rest was checked");
        assertThat(allocated).allSatisfy(n -> assertThat(n).isLessThan(1L << 20));
    }

    @Test
    void deeplyNestedUnknownValuesAreBounded() {
        CborWriter w = new CborWriter();
        w.mapHeader(1).text("future_event");
        for (int i = 0; i < 10_000; i++) {
            w.arrayHeader(1);
        }
        w.uint(0);
        byte[] f = w.toByteArray();
        assertThatThrownBy(() -> codec.decodeResponse(f)).isInstanceOf(CborException.class)
                .hasMessageContaining("deeper");
        // and when skipped inside a known variant
        CborWriter w2 = new CborWriter();
        w2.mapHeader(1).text("shutdown_event").mapHeader(1).text("x");
        for (int i = 0; i < 10_000; i++) {
            w2.arrayHeader(1);
        }
        w2.uint(0);
        assertThatThrownBy(() -> codec.decodeResponse(w2.toByteArray())).isInstanceOf(CborException.class);
    }

    /**
     * Decoding a 25-key daemon frame allocates its byte arrays, the record and the reader, and little else:
     * the 24 null keys cost nothing. A loose bound, to catch regressions such as per-key strings.
     */
    @Test
    void decodingADaemonFrameAllocatesLittleBeyondItsByteArrays() {
        Assumptions.assumeTrue(Alloc.supported(), "thread allocation counter unavailable");
        byte[] frame = ResponseEncoder.encode(
                new BoxMessages.NewKeypairReply(WireSamples.qid(1), WireSamples.wcap(2), WireSamples.rcap(3),
                        WireSamples.idx(4), 0));
        int arrays = 16 + 168 + 136 + 104 + 4 * 16; // payload plus array headers
        for (int i = 0; i < 20_000; i++) {
            codec.decodeResponse(frame); // warm up
        }
        int rounds = 10_000;
        long before = Alloc.now();
        for (int i = 0; i < rounds; i++) {
            codec.decodeResponse(frame);
        }
        long perDecode = (Alloc.now() - before) / rounds;
        assertThat(perDecode - arrays).as("garbage per decode beyond byte arrays (%d bytes total)", perDecode)
                .isLessThan(256);
    }
}
