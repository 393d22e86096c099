package org.katzenpost.thin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Our BLAKE2b against RFC 7693 and digests computed once with Python's hashlib (test resource blake2b/kat.txt). */
class Blake2bTest {
    private static final HexFormat HEX = HexFormat.of();

    /** RFC 7693 Appendix A: BLAKE2b-512("abc"). */
    @Test
    void rfc7693AppendixA() {
        assertThat(HEX.formatHex(Blake2b.hash(64, "abc".getBytes(StandardCharsets.US_ASCII)))).isEqualTo(
                "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                        + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    static Stream<Arguments> kat() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = Objects.requireNonNull(Blake2bTest.class.getResourceAsStream("/blake2b/kat.txt"));
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" ");
                out.add(Arguments.of(Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[2]));
            }
        }
        assertThat(out).hasSizeGreaterThan(300);
        return out.stream();
    }

    @ParameterizedTest(name = "{0} bytes, digest {1}")
    @MethodSource("kat")
    void matchesHashlib(int length, int digestSize, String expected) {
        byte[] data = pattern(length);
        assertThat(HEX.formatHex(Blake2b.hash(digestSize, data))).isEqualTo(expected);
        if (digestSize == 32) {
            assertThat(HEX.formatHex(Hashes.blake2b256(data))).isEqualTo(expected);
        }
        // the same message fed in uneven pieces (1, 2, 3, ... bytes, then 127-byte steps)
        Blake2b b = new Blake2b(digestSize);
        int pos = 0;
        for (int step = 1; pos < length; step = step < 130 ? step + 1 : 127) {
            int n = Math.min(step, length - pos);
            b.update(data, pos, n);
            pos += n;
        }
        b.update(data, length, 0);
        assertThat(HEX.formatHex(b.digest())).isEqualTo(expected);
    }

    @Test
    void rejectsBadArgumentsAndReuse() {
        assertThatThrownBy(() -> new Blake2b(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Blake2b(65)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hashes.blake2b256(null)).isInstanceOf(NullPointerException.class);
        Blake2b b = new Blake2b(32);
        assertThatThrownBy(() -> b.update(new byte[4], 3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> b.update(new byte[4], -1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        b.update(new byte[4], 0, 4);
        b.digest();
        assertThatThrownBy(b::digest).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> b.update(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
    }
}
