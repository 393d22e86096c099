package org.katzenpost.thin.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.ProtocolViolationException;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.wire.Frames;
import org.katzenpost.thin.internal.wire.WireCodec;
import org.katzenpost.thin.pki.PkiDocument;

/**
 * Memory amplification: one-byte items that decode to heap objects (an empty map is a ~60-byte LinkedHashMap)
 * let a 40 MiB frame of {@code [{}, {}, ...]} hold ~2.5 GB before CborReader capped the values one item may
 * hold at {@link CborReader#MAX_VALUES}. Each case here is a full-size (40 MiB) frame.
 */
class AmplificationTest {
    private static final int FRAME = Frames.MAX_FRAME_LENGTH;

    /** A definite-length array filling {@code size} bytes with copies of one small item. */
    static byte[] arrayOf(byte[] item, int size) {
        int n = (size - 5) / item.length;
        byte[] out = new byte[5 + n * item.length];
        out[0] = (byte) 0x9A;
        out[1] = (byte) (n >>> 24);
        out[2] = (byte) (n >>> 16);
        out[3] = (byte) (n >>> 8);
        out[4] = (byte) n;
        for (int i = 0; i < n; i++) {
            System.arraycopy(item, 0, out, 5 + i * item.length, item.length);
        }
        return out;
    }

    private static byte[] hex(String h) {
        return java.util.HexFormat.of().parseHex(h);
    }

    @ParameterizedTest(name = "[{0}, ...]")
    @ValueSource(strings = {"a0", "80", "60", "40", "c000", "f8ff", "f6", "00", "f90000"})
    void aFullFrameOfTinyItemsIsRefusedWithBoundedAllocation(String item) {
        byte[] frame = arrayOf(hex(item), FRAME);
        long before = Alloc.now();
        assertThatThrownBy(() -> CborReader.decode(frame)).isInstanceOf(CborException.class)
                .hasMessageContaining("values");
        long allocated = Alloc.now() - before;
        assertThat(allocated).as("bytes allocated for a %d-byte frame", frame.length).isLessThan(400L << 20);
    }

    @Test
    void insideAnUnknownResponseVariant() {
        CborWriter w = new CborWriter(FRAME);
        w.mapHeader(1).text("future_reply").raw(arrayOf(hex("a0"), FRAME - 64));
        byte[] frame = w.toByteArray();
        assertThatThrownBy(() -> new WireCodec().decodeResponse(frame)).isInstanceOf(CborException.class);
    }

    @Test
    void insideAPkiDocument() {
        CborWriter w = new CborWriter(FRAME);
        w.mapHeader(2).text("Epoch").uint(1).text("Topology").raw(arrayOf(hex("80"), FRAME - 64));
        byte[] doc = w.toByteArray();
        assertThatThrownBy(() -> PkiDocument.parse(doc)).isInstanceOf(ProtocolViolationException.class);
    }

    @Test
    void aLargeButOrdinaryValueStillDecodes() {
        // 500,000 byte strings of 64 bytes (32 MB): the shape of real bulk data, well under the value cap.
        byte[] frame = arrayOf(hex("5840" + "ab".repeat(64)), 500_000 * 66 + 5);
        List<?> l = (List<?>) CborReader.decode(frame);
        assertThat(l).hasSize(500_000);
    }
}
