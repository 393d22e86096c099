package org.katzenpost.thin.pigeonhole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Blake2b256Test {
    @Test
    void digestsTheEmptyMessageAsBlake2b256Does() {
        // RFC 7693 BLAKE2b, 32-byte digest, unkeyed, of the empty string
        assertThat(HexFormat.of().formatHex(Blake2b256.digest(new byte[0])))
                .isEqualTo("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    }

    @Test
    void isTheHashOfWriteCapHashes() {
        byte[] cap = new byte[WriteCap.LENGTH];
        for (int i = 0; i < cap.length; i++) {
            cap[i] = (byte) (i * 7);
        }
        assertThat(Blake2b256.digest(cap)).hasSize(Blake2b256.LENGTH)
                .isEqualTo(WriteCapHash.of(WriteCap.of(cap)).toBytes());
        assertThatThrownBy(() -> Blake2b256.digest(null)).isInstanceOf(NullPointerException.class);
    }
}
