package org.katzenpost.thin.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.katzenpost.thin.Destination;
import org.katzenpost.thin.internal.Hashes;
import org.junit.jupiter.api.Test;

class HashesAndDestinationTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Expected values computed independently with Python: hashlib.blake2b(data, digest_size=32).hexdigest(). */
    @Test
    void blake2b256MatchesPythonHashlib() {
        assertThat(HEX.formatHex(Hashes.blake2b256("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
        assertThat(HEX.formatHex(Hashes.blake2b256(new byte[0])))
                .isEqualTo("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
        byte[] seq = new byte[32];
        for (int i = 0; i < 32; i++) {
            seq[i] = (byte) i;
        }
        assertThat(HEX.formatHex(Hashes.blake2b256(seq)))
                .isEqualTo("cb2f5160fc1f7e05a55ef49d340b48da2e5a78099d53393351cd579dd42503d6");
    }

    @Test
    void destinationValidatesAndCopies() {
        byte[] hash = new byte[32];
        hash[0] = 7;
        byte[] queue = "+echo".getBytes(StandardCharsets.UTF_8);
        Destination d = new Destination(hash, queue);
        hash[0] = 9;
        queue[0] = 'x';
        assertThat(d.nodeIdHash()[0]).isEqualTo((byte) 7);
        assertThat(d.queueId()).isEqualTo("+echo".getBytes(StandardCharsets.UTF_8));
        d.nodeIdHash()[0] = 1;
        assertThat(d.nodeIdHash()[0]).isEqualTo((byte) 7);

        byte[] h2 = new byte[32];
        h2[0] = 7;
        Destination same = Destination.of(h2, "+echo");
        assertThat(same).isEqualTo(d).hasSameHashCodeAs(d);
        assertThat(Destination.of(h2, "echo")).isNotEqualTo(d);
        assertThat(d.toString()).contains("\"+echo\"").contains("0700000000000000");
        assertThat(d.queueIdText()).contains("+echo");

        assertThatThrownBy(() -> new Destination(new byte[31], queue)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Destination(new byte[32], new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Destination(new byte[32], new byte[33])).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Destination(new byte[32], new byte[32]).queueId()).hasSize(32);
        assertThat(new Destination(new byte[32], new byte[] {(byte) 0xff}).toString()).contains("h'ff'");
    }
}
