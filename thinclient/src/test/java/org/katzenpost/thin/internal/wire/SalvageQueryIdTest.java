package org.katzenpost.thin.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.wire.Responses.QueryReply;
import org.katzenpost.thin.internal.wire.Responses.Response;

/** {@link WireCodec#salvageQueryId}: the query id of a reply frame that does not decode, or nothing. */
class SalvageQueryIdTest {
    private final WireCodec codec = new WireCodec();

    private static byte[] id(int seed) {
        byte[] q = new byte[16];
        Arrays.fill(q, (byte) seed);
        return q;
    }

    @Test
    void aReplyWithAFieldOfTheWrongSizeStillYieldsItsKindAndQueryId() {
        // kpclientd's shape: every variant key, all null but one (docs/protocol.md#cbor)
        CborWriter w = new CborWriter();
        w.mapHeader(3).text("session_token_reply").nul().text("shutdown_event").nul()
                .text("next_message_box_index_reply").mapHeader(3)
                .text("query_id").bytes(id(7))
                .text("next_message_box_index").bytes(new byte[3])
                .text("error_code").uint(0);
        byte[] frame = w.toByteArray();
        assertThatThrownBy(() -> codec.decodeResponse(frame)).isInstanceOf(CborException.class);

        WireCodec.Salvaged s = codec.salvageQueryId(frame, 0, frame.length);
        assertThat(s).isNotNull();
        assertThat(s.kind()).isEqualTo("next_message_box_index_reply");
        assertThat(s.queryId()).isEqualTo(id(7));
    }

    @Test
    void everyTruncationOfEveryReplyYieldsItsOwnQueryIdOrNothing() {
        int salvaged = 0;
        int replies = 0;
        for (Response r : WireSamples.responses()) {
            byte[] frame = ResponseEncoder.encode(r);
            if (!(r instanceof QueryReply reply)) {
                assertThat(codec.salvageQueryId(frame, 0, frame.length)).as(r.wireKey()).isNull();
                continue;
            }
            replies++;
            for (int len = 0; len <= frame.length; len++) {
                WireCodec.Salvaged s = codec.salvageQueryId(frame, 0, len);
                if (s != null) {
                    assertThat(s.kind()).isEqualTo(r.wireKey());
                    assertThat(s.queryId()).isEqualTo(reply.queryId());
                    salvaged++;
                }
            }
            assertThat(codec.salvageQueryId(frame, 0, frame.length)).as(r.wireKey()).isNotNull();
        }
        assertThat(replies).isGreaterThan(10);
        assertThat(salvaged).isGreaterThan(replies);
    }

    @Test
    void framesWithoutAReadableQueryIdYieldNothing() {
        byte[][] frames = {
            {},
            {(byte) 0xA1},
            {(byte) 0x80},
            new CborWriter().mapHeader(1).text("get_pki_document_reply").mapHeader(1).text("query_id")
                    .bytes(new byte[15]).toByteArray(),
            new CborWriter().mapHeader(1).text("get_pki_document_reply").mapHeader(1).text("query_id")
                    .text("not bytes").toByteArray(),
            new CborWriter().mapHeader(1).text("get_pki_document_reply").uint(3).toByteArray(),
            new CborWriter().mapHeader(1).uint(1).mapHeader(1).text("query_id").bytes(id(1)).toByteArray(),
        };
        for (byte[] f : frames) {
            assertThat(codec.salvageQueryId(f, 0, f.length)).as(Arrays.toString(f)).isNull();
        }
    }

    @Test
    void aVeryLongKindIsCut() {
        String kind = "x".repeat(1000);
        byte[] f = new CborWriter().mapHeader(1).text(kind).mapHeader(1).text("query_id").bytes(id(2))
                .toByteArray();
        assertThat(codec.salvageQueryId(f, 0, f.length).kind()).hasSize(WireCodec.SALVAGED_KIND_MAX);
    }
}
