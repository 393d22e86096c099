package org.katzenpost.thin.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CborTest {
    @Test
    void plainValuesRoundTrip() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "text");
        m.put("i", -5L);
        m.put("big", new BigInteger("18446744073709551615"));
        m.put("d", 1.25);
        m.put("b", true);
        m.put("n", null);
        m.put("l", List.of(1L, "two"));
        Object back = Cbor.decode(Cbor.encode(m));
        assertThat(back).isEqualTo(m);
        assertThat((byte[]) Cbor.decode(Cbor.encode(new byte[] {1, 2}))).isEqualTo(new byte[] {1, 2});
        assertThat(Cbor.encode(Map.of("a", 1L))).isEqualTo(new byte[] {(byte) 0xa1, 0x61, 'a', 0x01});
    }

    @Test
    void badInputFailsWithTheTypedException() {
        assertThatThrownBy(() -> Cbor.decode(new byte[] {0x61})).isInstanceOf(CborFormatException.class);
        assertThatThrownBy(() -> Cbor.decode(new byte[] {0x01, 0x02})).isInstanceOf(CborFormatException.class)
                .hasMessageContaining("trailing");
        assertThatThrownBy(() -> Cbor.decode(new byte[] {(byte) 0xc1, 0x01})).isInstanceOf(CborFormatException.class)
                .hasMessageContaining("tag");
        assertThatThrownBy(() -> Cbor.decode(null)).isInstanceOf(CborFormatException.class);
        byte[] deep = new byte[10_000];
        Arrays.fill(deep, (byte) 0x81);
        assertThatThrownBy(() -> Cbor.decode(deep)).isInstanceOf(CborFormatException.class);
        assertThatThrownBy(() -> Cbor.encode(new Object())).isInstanceOf(IllegalArgumentException.class);
    }
}
