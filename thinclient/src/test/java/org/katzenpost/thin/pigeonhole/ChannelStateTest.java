package org.katzenpost.thin.pigeonhole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.katzenpost.thin.pigeonhole.ValueTypesTest.seq;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChannelStateTest {
    private static final WriteCap W = WriteCap.of(seq(168, 1));
    private static final ReadCap R = ReadCap.of(seq(136, 2));
    private static final MessageBoxIndex I = MessageBoxIndex.of(seq(104, 3));

    @Test
    void roundTripsEveryCombination() {
        for (ChannelState s : new ChannelState[] {ChannelState.forWriter(W, I), ChannelState.forReader(R, I),
            ChannelState.of(W, R, I), ChannelState.of(new Keypair(W, R, I))}) {
            assertThat(ChannelState.fromBytes(s.toBytes())).isEqualTo(s);
            assertThat(ChannelState.fromBase64(s.toBase64())).isEqualTo(s);
            assertThat(s.nextIndex()).isEqualTo(I);
        }
        assertThat(ChannelState.forWriter(W, I).toBytes()).hasSize(4 + 2 + 168 + 104);
        assertThat(ChannelState.forReader(R, I).toBytes()).hasSize(4 + 2 + 136 + 104);
        assertThat(ChannelState.of(W, R, I).toBytes()).hasSize(4 + 2 + 168 + 136 + 104);
        ChannelState both = ChannelState.fromBytes(ChannelState.of(W, R, I).toBytes());
        assertThat(both.writeCap()).contains(W);
        assertThat(both.readCap()).contains(R);
        assertThat(ChannelState.forReader(R, I).writeCap()).isEmpty();
    }

    @Test
    void layoutIsDocumented() {
        byte[] b = ChannelState.of(W, R, I).toBytes();
        assertThat(new String(b, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("KPCS");
        assertThat(b[4]).isEqualTo((byte) 1);
        assertThat(b[5]).isEqualTo((byte) 3);
        assertThat(java.util.Arrays.copyOfRange(b, 6, 174)).isEqualTo(W.toBytes());
        assertThat(java.util.Arrays.copyOfRange(b, 174, 310)).isEqualTo(R.toBytes());
        assertThat(java.util.Arrays.copyOfRange(b, 310, 414)).isEqualTo(I.toBytes());
    }

    @Test
    void derivedStates() {
        ChannelState s = ChannelState.of(W, R, I);
        MessageBoxIndex j = MessageBoxIndex.of(seq(104, 9));
        assertThat(s.withNextIndex(j).nextIndex()).isEqualTo(j);
        assertThat(s.withNextIndex(j).writeCap()).contains(W);
        ChannelState reader = s.forReaderOnly();
        assertThat(reader.writeCap()).isEmpty();
        assertThat(reader.readCap()).contains(R);
        assertThatThrownBy(() -> ChannelState.forWriter(W, I).forReaderOnly()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ChannelState.of(null, null, I)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChannelState.forWriter(W, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void rejectsMalformedInput() {
        byte[] good = ChannelState.of(W, R, I).toBytes();
        assertThatThrownBy(() -> ChannelState.fromBytes(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChannelState.fromBytes(new byte[3])).isInstanceOf(IllegalArgumentException.class);
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertThatThrownBy(() -> ChannelState.fromBytes(magic)).hasMessageContaining("magic");
        byte[] version = good.clone();
        version[4] = 2;
        assertThatThrownBy(() -> ChannelState.fromBytes(version)).hasMessageContaining("version 2");
        byte[] flags = good.clone();
        flags[5] = 0;
        assertThatThrownBy(() -> ChannelState.fromBytes(flags)).hasMessageContaining("flags");
        flags[5] = 4;
        assertThatThrownBy(() -> ChannelState.fromBytes(flags)).hasMessageContaining("flags");
        assertThatThrownBy(() -> ChannelState.fromBytes(java.util.Arrays.copyOf(good, good.length - 1)))
                .hasMessageContaining("414");
        assertThatThrownBy(() -> ChannelState.fromBytes(java.util.Arrays.copyOf(good, good.length + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChannelState.fromBase64("%%%")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringHidesSecrets() {
        ChannelState s = ChannelState.of(W, R, I);
        String text = s.toString();
        assertThat(text).contains("WriteCap(168 bytes").contains("ReadCap(136 bytes").contains("MessageBoxIndex(104");
        assertThat(text).doesNotContain(HexFormat.of().formatHex(seq(168, 1)).substring(0, 10))
                .doesNotContain(Base64.getEncoder().encodeToString(seq(168, 1)).substring(0, 10))
                .doesNotContain(s.toBase64().substring(8, 20));
    }

    @Test
    void frames() {
        byte[] f = ChannelFrames.frame("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(f).hasSize(10);
        assertThat(HexFormat.of().formatHex(f, 0, 5)).isEqualTo("0100000005");
        assertThat(ChannelFrames.messageLength(f)).isEqualTo(5);
        assertThat(ChannelFrames.frame(new byte[0])).containsExactly(1, 0, 0, 0, 0);
        assertThat(ChannelFrames.messageLength(ChannelFrames.frame(new byte[0]))).isZero();
        assertThat(ChannelFrames.header(5)).containsExactly(1, 0, 0, 0, 5);
        byte[] big = new byte[5];
        big[0] = 1;
        big[1] = (byte) 0xff;
        big[2] = (byte) 0xff;
        big[3] = (byte) 0xff;
        big[4] = (byte) 0xff;
        assertThat(ChannelFrames.messageLength(big)).isEqualTo(0xffffffffL);
        assertThatThrownBy(() -> ChannelFrames.messageLength(new byte[] {2, 0, 0, 0, 0}))
                .isInstanceOf(ChannelFormatException.class);
        assertThatThrownBy(() -> ChannelFrames.messageLength(new byte[] {1, 0, 0}))
                .isInstanceOf(ChannelFormatException.class);
        assertThatThrownBy(() -> ChannelFrames.messageLength(new byte[0]))
                .isInstanceOf(ChannelFormatException.class);
    }
}
