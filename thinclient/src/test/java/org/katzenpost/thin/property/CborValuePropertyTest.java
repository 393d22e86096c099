package org.katzenpost.thin.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.katzenpost.thin.fuzz.Deep;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.pki.ByteKey;

/**
 * CborWriter → CborReader is the identity on the reader's data model: nested maps and arrays, byte-string keys,
 * integers over the whole uint64/negative-uint64 range, floats (NaN, signed zero, half-precision boundaries),
 * text with characters outside the BMP, tags and simple values. Half-precision decoding is checked
 * exhaustively against an independent conversion.
 */
class CborValuePropertyTest {
    @Provide
    Arbitrary<Object> values() {
        return Gen.value(4);
    }

    @Property(tries = 3000)
    void writerThenReaderIsIdentity(@ForAll("values") Object value) {
        Statistics.label("top").collect(kind(value));
        byte[] encoded = new CborWriter().value(value).toByteArray();
        Object back = CborReader.decode(encoded);
        assertThat(Deep.equals(value, back)).as("decode(write(v)) for %s", value).isTrue();
        Statistics.label("top").coverage(c -> {
            for (String k : List.of("map", "array", "bytes", "text", "long", "bigint", "double", "tag")) {
                c.check(k).count(n -> n > 0);
            }
        });
    }

    @Property(tries = 1000)
    void skipConsumesExactlyWhatReadValueReads(@ForAll("values") Object value) {
        byte[] encoded = new CborWriter().value(value).toByteArray();
        CborReader r = new CborReader(encoded);
        r.skip();
        assertThat(r.atEnd()).isTrue();
    }

    @Property(tries = 500)
    void everyTruncationOfAValueIsACborException(@ForAll("values") Object value) {
        byte[] encoded = new CborWriter().value(value).toByteArray();
        for (int len = 0; len < encoded.length; len++) {
            byte[] prefix = java.util.Arrays.copyOf(encoded, len);
            assertThatThrownBy(() -> CborReader.decode(prefix)).isInstanceOf(CborException.class);
        }
    }

    @Property(tries = 200)
    void byteStringKeysStayDistinctAndOrdered(@ForAll @IntRange(min = 1, max = 40) int n) {
        Map<Object, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(ByteKey.of(BigInteger.valueOf(i * 7919L).toByteArray()), (long) i);
        }
        Object back = CborReader.decode(new CborWriter().value(m).toByteArray());
        assertThat(Deep.equals(m, back)).isTrue();
    }

    /** Every one of the 65536 half-precision encodings decodes to the value an independent conversion gives. */
    @Example
    void everyHalfPrecisionFloatDecodesExactly() {
        for (int h = 0; h < 0x10000; h++) {
            byte[] item = {(byte) 0xF9, (byte) (h >>> 8), (byte) h};
            double got = (Double) CborReader.decode(item);
            double want = referenceHalf(h);
            if (Double.isNaN(want)) {
                assertThat(got).as("half %04x", h).isNaN();
            } else {
                assertThat(Double.doubleToRawLongBits(got)).as("half %04x", h)
                        .isEqualTo(Double.doubleToRawLongBits(want));
            }
        }
        assertThat((Double) CborReader.decode(new byte[] {(byte) 0xF9, 0x7B, (byte) 0xFF})).isEqualTo(65504.0);
        assertThat((Double) CborReader.decode(new byte[] {(byte) 0xF9, 0x00, 0x01})).isEqualTo(0x1p-24);
        assertThat((Double) CborReader.decode(new byte[] {(byte) 0xF9, 0x04, 0x00})).isEqualTo(0x1p-14);
        assertThat((Double) CborReader.decode(new byte[] {(byte) 0xF9, (byte) 0x80, 0x00})).isEqualTo(-0.0);
    }

    /** Half → float by re-biasing the exponent into single precision's bit layout (exact: half ⊂ float). */
    private static double referenceHalf(int h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mant << 13));
        }
        if (exp == 0) {
            float magnitude = mant / 16777216f; // mant * 2^-24, exact in float
            return sign != 0 ? -magnitude : magnitude;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** Two-byte simple values below 32 are not well-formed (RFC 8949 §3.3); found by the fuzzer. */
    @Property(tries = 32)
    void twoByteSimpleValuesBelow32AreRefused(@ForAll @IntRange(min = 0, max = 31) int v) {
        assertThatThrownBy(() -> CborReader.decode(new byte[] {(byte) 0xF8, (byte) v}))
                .isInstanceOf(CborException.class);
        CborReader r = new CborReader(new byte[] {(byte) 0xF8, (byte) v});
        assertThatThrownBy(r::skip).isInstanceOf(CborException.class);
    }

    private static String kind(Object v) {
        if (v instanceof Map) {
            return "map";
        } else if (v instanceof List) {
            return "array";
        } else if (v instanceof byte[]) {
            return "bytes";
        } else if (v instanceof String) {
            return "text";
        } else if (v instanceof Long) {
            return "long";
        } else if (v instanceof BigInteger) {
            return "bigint";
        } else if (v instanceof Double) {
            return "double";
        } else if (v instanceof org.katzenpost.thin.internal.cbor.CborTagged) {
            return "tag";
        }
        return v == null ? "null" : v.getClass().getSimpleName();
    }
}
