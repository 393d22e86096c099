package org.katzenpost.thin.internal.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.katzenpost.thin.pki.ByteKey;

class CborWriterTest {
    static String hex(CborWriter w) {
        return HexFormat.of().formatHex(w.toByteArray());
    }

    @ParameterizedTest
    @CsvSource({
        "0, 00", "23, 17", "24, 1818", "255, 18ff", "256, 190100", "65535, 19ffff", "65536, 1a00010000",
        "4294967295, 1affffffff", "4294967296, 1b0000000100000000", "9223372036854775807, 1b7fffffffffffffff",
        "-1, 20", "-24, 37", "-25, 3818", "-256, 38ff", "-257, 390100", "-9223372036854775808, 3b7fffffffffffffff",
    })
    void integersUseTheShortestHead(long value, String expected) {
        assertThat(hex(new CborWriter().integer(value))).isEqualTo(expected);
        assertThat(new CborReader(new CborWriter().integer(value).toByteArray()).readInt()).isEqualTo(value);
    }

    @Test
    void uintTakesNegativeLongsAsUpperUint64() {
        assertThat(hex(new CborWriter().uint(-1))).isEqualTo("1bffffffffffffffff");
        assertThat(hex(new CborWriter().uint(Long.MIN_VALUE))).isEqualTo("1b8000000000000000");
    }

    @Test
    void scalarsAndStrings() {
        assertThat(hex(new CborWriter().bool(true).bool(false).nul())).isEqualTo("f5f4f6");
        assertThat(hex(new CborWriter().float64(1.1))).isEqualTo("fb3ff199999999999a");
        assertThat(hex(new CborWriter().bytes(new byte[] {1, 2}))).isEqualTo("420102");
        assertThat(hex(new CborWriter().bytesOrNull(null))).isEqualTo("f6");
        assertThat(hex(new CborWriter().text("a"))).isEqualTo("6161");
        assertThat(hex(new CborWriter().text("✓"))).isEqualTo("63e29c93");
        assertThat(hex(new CborWriter().textOrNull(null))).isEqualTo("f6");
        assertThat(hex(new CborWriter().mapHeader(0).arrayHeader(0))).isEqualTo("a080");
        assertThat(hex(new CborWriter().tag(1).uint(0))).isEqualTo("c100");
        assertThat(hex(new CborWriter().simple(16).simple(255))).isEqualTo("f0f8ff");
        assertThatThrownBy(() -> new CborWriter().simple(24)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CborWriter().simple(256)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void largeByteStringsGrowTheBuffer() {
        byte[] big = new byte[100_000];
        Arrays.fill(big, (byte) 7);
        byte[] out = new CborWriter(16).text("k").bytes(big).toByteArray();
        assertThat(out).hasSize(2 + 5 + big.length);
        CborReader r = new CborReader(out);
        assertThat(r.readText()).isEqualTo("k");
        assertThat(r.readBytes()).isEqualTo(big);
    }

    @Test
    void resetAndCopyTo() {
        CborWriter w = new CborWriter();
        w.text("discard me");
        w.reset().uint(5);
        assertThat(w.size()).isEqualTo(1);
        byte[] dst = new byte[3];
        w.copyTo(dst, 2);
        assertThat(dst).containsExactly(0, 0, 5);
    }

    @Test
    void genericValuesRoundTripThroughTheReader() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put("text", "hello");
        m.put(ByteKey.of(new byte[] {9, 9}), List.of(1L, -2L, 3.5, true, false));
        m.put(7L, new byte[] {1, 2, 3});
        m.put("big", new BigInteger("18446744073709551615"));
        m.put("neg", new BigInteger("-18446744073709551616"));
        m.put("nested", Map.of("x", Map.of("y", List.of())));
        m.put("tagged", new CborTagged(1, 5L));
        m.put("simple", new CborSimple(16));
        m.put("none", null);
        byte[] enc = new CborWriter().value(m).toByteArray();
        Object back = CborReader.decode(enc);
        assertThat(back).usingRecursiveComparison().isEqualTo(m);
        // and re-encoding the decoded value gives the same bytes
        assertThat(new CborWriter().value(back).toByteArray()).isEqualTo(enc);
        assertThat(hex(new CborWriter().value(3))).isEqualTo("03");
        assertThatThrownBy(() -> new CborWriter().value(new Object())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CborWriter().value(BigInteger.TWO.pow(64)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
