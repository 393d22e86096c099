package org.katzenpost.thin.internal.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.katzenpost.thin.fuzz.Alloc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.katzenpost.thin.pki.ByteKey;

class CborReaderTest {
    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    static Object decode(String h) {
        return CborReader.decode(hex(h));
    }

    // ---- floats (the PKI document's first event uses canonical, shortest-width floats) ----

    @ParameterizedTest
    @CsvSource({
        "f90000, 0.0",
        "f93c00, 1.0",
        "f93e00, 1.5",
        "f9c400, -4.0",
        "f97bff, 65504.0",
        "f90001, 5.960464477539063E-8", // smallest subnormal half
        "f90400, 6.103515625E-5", // smallest normal half
        "f92e66, 0.0999755859375",
        "fa47c35000, 100000.0",
        "fa3f800000, 1.0",
        "fb3ff199999999999a, 1.1",
        "fb3f747ae147ae147b, 0.005",
    })
    void floatsOfEveryWidth(String h, double expected) {
        assertThat((Double) decode(h)).isEqualTo(expected);
        assertThat(new CborReader(hex(h)).readNumber()).isEqualTo(expected);
    }

    @Test
    void halfFloatSpecials() {
        assertThat((Double) decode("f97c00")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat((Double) decode("f9fc00")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat((Double) decode("f97e00")).isNaN();
        double negZero = (Double) decode("f98000");
        assertThat(Double.doubleToRawLongBits(negZero)).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat((Double) decode("fa7f800000")).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void readNumberAcceptsIntegersToo() {
        assertThat(new CborReader(hex("1903e8")).readNumber()).isEqualTo(1000.0);
        assertThat(new CborReader(hex("20")).readNumber()).isEqualTo(-1.0);
        assertThatThrownBy(() -> new CborReader(hex("40")).readNumber()).isInstanceOf(CborException.class);
    }

    // ---- integers ----

    @Test
    void uint64AboveLongMax() {
        assertThat(decode("1bffffffffffffffff")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(decode("1b8000000000000000")).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(decode("1b7fffffffffffffff")).isEqualTo(Long.MAX_VALUE);
        assertThat(new CborReader(hex("1bffffffffffffffff")).readUint64Bits()).isEqualTo(-1L);
        assertThatThrownBy(() -> new CborReader(hex("1bffffffffffffffff")).readUint())
                .isInstanceOf(CborException.class);
        assertThatThrownBy(() -> new CborReader(hex("1b8000000000000000")).readInt())
                .isInstanceOf(CborException.class);
    }

    @Test
    void negativeIntegers() {
        assertThat(decode("20")).isEqualTo(-1L);
        assertThat(decode("3903e7")).isEqualTo(-1000L);
        assertThat(decode("3b7fffffffffffffff")).isEqualTo(Long.MIN_VALUE);
        assertThat(decode("3bffffffffffffffff")).isEqualTo(new BigInteger("-18446744073709551616"));
        assertThat(new CborReader(hex("3b7fffffffffffffff")).readInt()).isEqualTo(Long.MIN_VALUE);
        assertThatThrownBy(() -> new CborReader(hex("3b8000000000000000")).readInt())
                .isInstanceOf(CborException.class);
        assertThatThrownBy(() -> new CborReader(hex("20")).readUint()).isInstanceOf(CborException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1f", "3f", "1c", "1d", "1e", "dc00", "df00", "fc", "fd", "fe"})
    void indefiniteOrReservedHeadsOnScalarsAreRejected(String h) {
        assertThatThrownBy(() -> decode(h)).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> new CborReader(hex(h)).skip()).isInstanceOf(CborException.class);
    }

    // ---- maps ----

    @Test
    void byteStringMapKeysBecomeByteKeys() {
        // {h'0102': 1, 3: "x", "k": h''}
        Object v = decode("a3 420102 01 03 6178 616b 40");
        assertThat(v).isInstanceOf(Map.class);
        Map<?, ?> m = (Map<?, ?>) v;
        assertThat(m.get(ByteKey.of(new byte[] {1, 2}))).isEqualTo(1L);
        assertThat(m.get(3L)).isEqualTo("x");
        assertThat((byte[]) m.get("k")).isEmpty();
        assertThat(m.keySet().iterator().next()).isInstanceOf(ByteKey.class);
    }

    @Test
    void mapsKeepWireOrderAndRejectDuplicates() {
        @SuppressWarnings("unchecked")
        Map<Object, Object> m = (Map<Object, Object>) decode("a3 617a 01 6161 02 616d 03");
        assertThat(m.keySet()).containsExactly("z", "a", "m");
        assertThatThrownBy(() -> decode("a2 6161 01 6161 02")).isInstanceOf(CborException.class)
                .hasMessageContaining("duplicate");
        assertThatThrownBy(() -> decode("a2 420102 01 420102 02")).isInstanceOf(CborException.class);
    }

    // ---- indefinite lengths ----

    @Test
    void indefiniteLengthItems() {
        assertThat((byte[]) decode("5f 420102 4103 40 ff")).containsExactly(1, 2, 3);
        assertThat(decode("7f 6368656c 626c6f ff")).isEqualTo("hello");
        assertThat(decode("9f 01 9f 02 ff ff")).isEqualTo(List.of(1L, List.of(2L)));
        assertThat(decode("bf 6161 01 ff")).isEqualTo(Map.of("a", 1L));
        assertThat(decode("9f ff")).isEqualTo(List.of());
        assertThat(decode("5f ff")).isEqualTo(new byte[0]);
        CborReader r = new CborReader(hex("bf 7f 6161 ff f6 ff"));
        long n = r.readMapHeader();
        assertThat(n).isEqualTo(-1);
        assertThat(r.readKeyUnlessNullValue(new KeyTable("a"))).isNull();
        assertThat(r.hasNext(n, 1)).isFalse();
        r.expectEnd();
    }

    @Test
    void malformedIndefiniteItemsAreRejected() {
        assertThatThrownBy(() -> decode("5f 5f ff ff")).isInstanceOf(CborException.class); // nested indefinite
        assertThatThrownBy(() -> decode("5f 6161 ff")).isInstanceOf(CborException.class); // text chunk in bytes
        assertThatThrownBy(() -> decode("5f 4101")).isInstanceOf(CborException.class); // no break
        assertThatThrownBy(() -> decode("9f 01")).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> decode("bf 6161 ff")).isInstanceOf(CborException.class); // break instead of value
        assertThatThrownBy(() -> decode("ff")).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> new CborReader(hex("ff")).skip()).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> new CborReader(hex("5f 5f ff ff")).skip()).isInstanceOf(CborException.class);
    }

    // ---- bounds ----

    @Test
    void depthLimit() {
        byte[] ok = new byte[CborReader.MAX_DEPTH + 1];
        java.util.Arrays.fill(ok, 0, CborReader.MAX_DEPTH, (byte) 0x81);
        ok[CborReader.MAX_DEPTH] = 0x00;
        assertThat(CborReader.decode(ok)).isInstanceOf(List.class);
        new CborReader(ok).skip();

        byte[] deep = new byte[CborReader.MAX_DEPTH + 2];
        java.util.Arrays.fill(deep, 0, CborReader.MAX_DEPTH + 1, (byte) 0x81);
        deep[CborReader.MAX_DEPTH + 1] = 0x00;
        assertThatThrownBy(() -> CborReader.decode(deep)).isInstanceOf(CborException.class)
                .hasMessageContaining("deeper");
        assertThatThrownBy(() -> new CborReader(deep).skip()).isInstanceOf(CborException.class);

        byte[] maps = new byte[2 * 100_000 + 1];
        for (int i = 0; i < 100_000; i++) {
            maps[2 * i] = (byte) 0xA1;
            maps[2 * i + 1] = 0x00;
        }
        assertThatThrownBy(() -> CborReader.decode(maps)).isInstanceOf(CborException.class);
        byte[] tags = new byte[100_001];
        java.util.Arrays.fill(tags, (byte) 0xC1);
        assertThatThrownBy(() -> CborReader.decode(tags)).isInstanceOf(CborException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "5affffffff 0001020304", // byte string of 2^32-1 bytes in a 10-byte buffer
        "5b0000000100000000 00", // 2^32 bytes
        "5bffffffffffffffff 00", // 2^64-1: must not be mistaken for "indefinite"
        "7affffffff 0001020304", // text
        "9affffffff 0001020304", // array of 2^32-1 items
        "bbffffffffffffffff 00", // map of 2^64-1 entries
        "9bffffffffffffffff 00",
        "7bffffffffffffffff 00",
        // before the fix these parsed as indefinite items ([1], h'01', {}) because 2^64-1 == the sentinel -1
        "9bffffffffffffffff 01 ff",
        "5bffffffffffffffff 4101 ff",
        "bbffffffffffffffff ff",
    })
    void hugeDeclaredLengthsAreRejectedBeforeAllocating(String h) {
        byte[] in = hex(h);
        long before = Alloc.now();
        assertThatThrownBy(() -> CborReader.decode(in)).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> new CborReader(in).skip()).isInstanceOf(CborException.class);
        long allocated = Alloc.now() - before;
        Assumptions.assumeTrue(Alloc.supported(), "thread allocation counter unavailable: the rest was checked");
        assertThat(allocated).isLessThan(1 << 20);
    }

    @Test
    void truncationsAreRejected() {
        byte[] full = hex("a3 6161 1903e8 6162 83 01 02 fb3ff199999999999a 6163 4a00010203040506070809");
        assertThat(CborReader.decode(full)).isInstanceOf(Map.class);
        for (int len = 0; len < full.length; len++) {
            byte[] prefix = java.util.Arrays.copyOf(full, len);
            assertThatThrownBy(() -> CborReader.decode(prefix)).isInstanceOf(CborException.class);
            assertThatThrownBy(() -> {
                CborReader r = new CborReader(prefix);
                r.skip();
                r.expectEnd();
            }).isInstanceOf(CborException.class);
        }
    }

    @Test
    void trailingBytesAreRejected() {
        assertThatThrownBy(() -> decode("01 02")).isInstanceOf(CborException.class).hasMessageContaining("trailing");
    }

    // ---- strings, simple values, tags ----

    @Test
    void invalidUtf8IsRejected() {
        assertThatThrownBy(() -> decode("62 c328")).isInstanceOf(CborException.class).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> decode("63 eda080")).isInstanceOf(CborException.class); // CESU surrogate
        assertThat(decode("63 e29c93")).isEqualTo("✓");
    }

    @Test
    void simpleValuesAndTags() {
        assertThat(decode("f4")).isEqualTo(false);
        assertThat(decode("f5")).isEqualTo(true);
        assertThat(decode("f6")).isNull();
        assertThat(decode("f7")).isNull(); // undefined reads as null
        assertThat(decode("f0")).isEqualTo(new CborSimple(16));
        assertThat(decode("f8ff")).isEqualTo(new CborSimple(255));
        assertThat(decode("c11a514b67b0")).isEqualTo(new CborTagged(1, 1363896240L));
        assertThat(decode("d9d9f7 a0")).isEqualTo(new CborTagged(55799, Map.of()));
    }

    @Test
    void typedReadersRejectTheWrongType() {
        assertThatThrownBy(() -> new CborReader(hex("01")).readBool()).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> new CborReader(hex("f6")).readBool()).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> new CborReader(hex("6161")).readBytes()).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> new CborReader(hex("4161")).readText()).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> new CborReader(hex("a0")).readArrayHeader()).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> new CborReader(hex("80")).readMapHeader()).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> new CborReader(hex("4101")).readBytes(2, "field_x"))
                .isInstanceOf(CborException.class).hasMessageContaining("field_x");
        assertThatThrownBy(() -> new CborReader(new byte[0]).peekType()).isInstanceOf(CborException.class);
    }

    @Test
    void keyLookupReturnsCanonicalInstances() {
        KeyTable t = new KeyTable("query_id", "error_code", "payload");
        CborReader r = new CborReader(hex("a3 6871756572795f6964 f6 6a6572726f725f636f6465 05 63666f6f 01"));
        long n = r.readMapHeader();
        assertThat(n).isEqualTo(3);
        assertThat(r.readKeyUnlessNullValue(t)).isNull(); // query_id: null
        String k = r.readKeyUnlessNullValue(t);
        assertThat(k).isSameAs("error_code".intern());
        assertThat(r.readUint()).isEqualTo(5);
        assertThat(r.readKeyUnlessNullValue(t)).isEqualTo("foo");
        r.skip();
        r.expectEnd();
        assertThat(t.lookup("payload".getBytes(), 0, 7)).isSameAs("payload".intern());
        assertThat(t.lookup("payloa".getBytes(), 0, 6)).isNull();
    }
}
