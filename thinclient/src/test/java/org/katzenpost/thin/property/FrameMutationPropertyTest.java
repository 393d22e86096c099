package org.katzenpost.thin.property;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.katzenpost.testkit.internal.wire.RequestDecoder;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.Responses.Response;
import org.katzenpost.thin.internal.wire.WireCodec;

/**
 * Valid frames of every kind, with arbitrary field values, cut short or with one byte changed: every proper
 * prefix is a CborException; a single-byte mutation either decodes or is a CborException, never another
 * exception. (Randomised, not coverage-guided: the Jazzer targets in {@code org.katzenpost.thin.fuzz} are.)
 */
class FrameMutationPropertyTest {
    private final WireCodec codec = new WireCodec();

    @Provide
    Arbitrary<byte[]> responseFrames() {
        return Gen.response().map(ResponseEncoder::encode);
    }

    @Provide
    Arbitrary<byte[]> requestFrames() {
        return Gen.request().map(codec::encodeRequest);
    }

    @Property(tries = 150)
    void everyTruncationOfAResponseFrameIsACborException(@ForAll("responseFrames") byte[] frame) {
        for (int len = 0; len < frame.length; len++) {
            byte[] prefix = Arrays.copyOf(frame, len);
            assertThatThrownBy(() -> codec.decodeResponse(prefix)).as("prefix %d/%d", len, frame.length)
                    .isInstanceOf(CborException.class);
        }
    }

    @Property(tries = 150)
    void everyTruncationOfARequestFrameIsACborException(@ForAll("requestFrames") byte[] frame) {
        for (int len = 0; len < frame.length; len++) {
            byte[] prefix = Arrays.copyOf(frame, len);
            assertThatThrownBy(() -> RequestDecoder.decode(prefix)).as("prefix %d/%d", len, frame.length)
                    .isInstanceOf(CborException.class);
        }
    }

    @Property(tries = 3000)
    void aSingleByteMutationOfAResponseDecodesOrIsACborException(@ForAll("responseFrames") byte[] frame,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where, @ForAll byte replacement) {
        byte[] mutated = frame.clone();
        mutated[where % mutated.length] = replacement;
        try {
            codec.decodeResponse(mutated);
        } catch (CborException expected) {
            // refused
        }
    }

    @Property(tries = 3000)
    void aSingleByteMutationOfARequestDecodesOrIsACborException(@ForAll("requestFrames") byte[] frame,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where, @ForAll byte replacement) {
        byte[] mutated = frame.clone();
        mutated[where % mutated.length] = replacement;
        try {
            RequestDecoder.decode(mutated);
        } catch (CborException expected) {
            // refused
        }
    }

    @Property(tries = 2000)
    void aSingleByteMutationOfAGenericValueDecodesOrIsACborException(@ForAll("values") Object value,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where, @ForAll byte replacement) {
        byte[] mutated = new CborWriter().value(value).toByteArray();
        mutated[where % mutated.length] = replacement;
        try {
            CborReader.decode(mutated);
        } catch (CborException expected) {
            // refused
        }
    }

    @Provide
    Arbitrary<Object> values() {
        return Gen.value(3);
    }
}
