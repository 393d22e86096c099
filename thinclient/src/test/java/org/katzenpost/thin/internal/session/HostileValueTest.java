package org.katzenpost.thin.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.internal.wire.WireCodec;

/**
 * Values that are valid CBOR but out of the range the client can represent: refused by the decoder, and one
 * malformed frame for the reader, never a reason to drop the connection.
 */
class HostileValueTest {
    private static byte[] sentAt(long seconds) {
        return new CborWriter().mapHeader(1).text("message_sent_event").mapHeader(1).text("sent_at")
                .integer(seconds).toByteArray();
    }

    @Test
    void aSentAtBeyondTheRangeOfADateDoesNotDecode() {
        for (long bad : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, Instant.MAX.getEpochSecond() + 1,
                Instant.MIN.getEpochSecond() - 1}) {
            assertThatThrownBy(() -> WireCodec.INSTANCE.decodeResponse(sentAt(bad))).as("%d", bad)
                    .isInstanceOf(CborException.class).hasMessageContaining("sent_at");
        }
        for (long good : new long[] {0, 1_700_000_000L, Instant.MAX.getEpochSecond(), Instant.MIN.getEpochSecond()}) {
            assertThat(((Responses.MessageSentFrame) WireCodec.INSTANCE.decodeResponse(sentAt(good)))
                    .sentAtUnixSeconds()).isEqualTo(good);
        }
    }

    @Test
    void theReaderSkipsAHostileSentAtAndReadsOn() throws Exception {
        byte[] next = ResponseEncoder.encode(new Responses.ShutdownFrame());
        byte[] stream = concat(DispatchHarness.framed(sentAt(Long.MAX_VALUE)), DispatchHarness.framed(next));
        DispatchHarness.Outcome o = DispatchHarness.read(stream);
        assertThat(o.reason()).isEqualTo(DispatchHarness.CLEAN_END);
        assertThat(o.malformedFrames()).isEqualTo(1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
