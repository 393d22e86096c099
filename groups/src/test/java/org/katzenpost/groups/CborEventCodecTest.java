package org.katzenpost.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.cbor.Cbor;

class CborEventCodecTest {
    enum Colour { RED, GREEN }

    record Point(int x, int y) {}

    record Everything(String s, byte[] b, boolean f, byte b8, short s16, int i, long l, float fl, double d,
            Boolean boxed, Long boxedLong, BigInteger big, Instant at, UUID id, Colour colour, Point p,
            List<Point> points, Set<String> tags, Map<String, Long> counts, List<List<Integer>> nested) {}

    sealed interface Shape permits Circle, Square, Named {}

    record Circle(Point centre, double r) implements Shape {}

    @EventType("sq")
    record Square(Point corner, int side) implements Shape {}

    sealed interface Named extends Shape permits Label {}

    record Label(String text) implements Named {}

    record V1(String name) {}

    record V2(String name, int age, String nick) {}

    @Test
    void everySupportedTypeRoundTrips() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("a", 1L);
        counts.put("b", -2L);
        Everything e = new Everything("héllo", new byte[] {1, 2, 3}, true, (byte) -7, (short) 300, -70000,
                Long.MIN_VALUE, 1.5f, Math.PI, null, 42L, new BigInteger("18446744073709551615"),
                Instant.parse("2026-12-02T23:00:00.123456789Z"), UUID.randomUUID(), Colour.GREEN, new Point(1, -1),
                List.of(new Point(2, 3), new Point(4, 5)), Set.of("x"), counts, List.of(List.of(1, 2), List.of()));
        CborEventCodec<Everything> codec = CborEventCodec.of(Everything.class);
        Everything back = codec.decode(codec.encode(e));
        assertThat(back).usingRecursiveComparison().isEqualTo(e);
        assertThat(back.b()).isEqualTo(new byte[] {1, 2, 3});
    }

    @Test
    void sealedHierarchiesCarryTheirTypeName() {
        CborEventCodec<Shape> codec = CborEventCodec.of(Shape.class);
        for (Shape s : List.of(new Circle(new Point(0, 0), 2.5), new Square(new Point(1, 1), 3), new Label("l"))) {
            assertThat(codec.decode(codec.encode(s))).isEqualTo(s);
        }
        Map<?, ?> wire = (Map<?, ?>) Cbor.decode(codec.encode(new Square(new Point(1, 1), 3)));
        assertThat(wire.get(CborEventCodec.TYPE_KEY)).isEqualTo("sq");
        Map<?, ?> label = (Map<?, ?>) Cbor.decode(codec.encode(new Label("x")));
        assertThat(label.get(CborEventCodec.TYPE_KEY)).isEqualTo("Label");
    }

    @Test
    void olderAndNewerVersionsReadEachOther() {
        byte[] old = CborEventCodec.of(V1.class).encode(new V1("ann"));
        assertThat(CborEventCodec.of(V2.class).decode(old)).isEqualTo(new V2("ann", 0, null));
        byte[] newer = CborEventCodec.of(V2.class).encode(new V2("bob", 30, "b"));
        assertThat(CborEventCodec.of(V1.class).decode(newer)).isEqualTo(new V1("bob"));
    }

    @Test
    void badInputIsATypedErrorThatDoesNotShowTheContent() {
        CborEventCodec<Shape> codec = CborEventCodec.of(Shape.class);
        assertThatThrownBy(() -> codec.decode(new byte[] {(byte) 0xff, 1, 2})).isInstanceOf(EventFormatException.class);
        assertThatThrownBy(() -> codec.decode(Cbor.encode(Map.of("@type", "Triangle"))))
                .isInstanceOf(EventFormatException.class).hasMessageContaining("unknown event type")
                .message().doesNotContain("Triangle");
        assertThatThrownBy(() -> codec.decode(Cbor.encode(Map.of("r", 1.0))))
                .isInstanceOf(EventFormatException.class).hasMessageContaining("@type");
        assertThatThrownBy(() -> codec.decode(Cbor.encode(Map.of("@type", "Label", "text", 5L))))
                .isInstanceOf(EventFormatException.class);
        assertThatThrownBy(() -> CborEventCodec.of(Point.class).decode(Cbor.encode(Map.of("x", 1L << 40))))
                .isInstanceOf(EventFormatException.class);
        assertThatThrownBy(() -> CborEventCodec.of(Point.class).decode(Cbor.encode(List.of(1L))))
                .isInstanceOf(EventFormatException.class);
        byte[] deep = new byte[200];
        java.util.Arrays.fill(deep, (byte) 0x81); // 200 nested arrays
        assertThatThrownBy(() -> codec.decode(deep)).isInstanceOf(EventFormatException.class);
        assertThatThrownBy(() -> CborEventCodec.of(V1.class).decode(Cbor.encode(Map.of("name", 7L))))
                .isInstanceOf(EventFormatException.class).message().doesNotContain("7");
        // a map's keys are the sender's data too: neither a bad value's path nor a duplicate key shows them
        record Counts(Map<String, Long> counts) {}
        assertThatThrownBy(() -> CborEventCodec.of(Counts.class)
                .decode(Cbor.encode(Map.of("counts", Map.of("SECRET-KEY", "not a number")))))
                .isInstanceOf(EventFormatException.class).hasMessageContaining("counts")
                .message().doesNotContain("SECRET");
        byte[] duplicate = {(byte) 0xa2, 0x66, 'S', 'E', 'C', 'R', 'E', 'T', 0x01, 0x66, 'S', 'E', 'C', 'R', 'E', 'T', 0x02};
        assertThatThrownBy(() -> CborEventCodec.of(Point.class).decode(duplicate))
                .isInstanceOf(EventFormatException.class).hasMessageContaining("duplicate map key")
                .message().doesNotContain("SECRET");
    }

    record Nest(Nest inner) {}

    private static Nest nest(int records) {
        Nest n = null;
        for (int i = 0; i < records; i++) {
            n = new Nest(n);
        }
        return n;
    }

    /** What a receiver could not decode (too deep) is refused when it is encoded, also far too deep. */
    @Test
    void eventsNestedDeeperThanAReceiverDecodesAreRefusedAtEncode() {
        CborEventCodec<Nest> codec = CborEventCodec.of(Nest.class);
        Nest deepest = nest(Cbor.MAX_DEPTH);
        assertThat(codec.decode(codec.encode(deepest))).isEqualTo(deepest);
        assertThatThrownBy(() -> codec.encode(nest(Cbor.MAX_DEPTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deeper than");
        assertThatThrownBy(() -> codec.encode(nest(5_000))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unsupportedTypesAreRefusedWhenTheCodecIsMade() {
        record HasObject(Object o) {}
        record HasRawList(List<?> l) {}
        assertThatThrownBy(() -> CborEventCodec.of(HasObject.class)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CborEventCodec.of(HasRawList.class)).isInstanceOf(IllegalArgumentException.class);
        assertThat(CborEventCodec.of(String.class).decode(CborEventCodec.of(String.class).encode("s"))).isEqualTo("s");
    }
}
