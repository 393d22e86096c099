package org.katzenpost.thin.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.internal.wire.RequestDecoder;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.wire.CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayload.EnvelopeDestination;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.Responses.QueryReply;
import org.katzenpost.thin.internal.wire.Responses.Response;

/** Size checks in both directions, and how the variant of a frame is chosen. */
class WireCodecValidationTest {
    private final WireCodec codec = new WireCodec();

    /** Record component name → required size, for every fixed-size byte field of the model. */
    static final Map<String, Integer> FIXED = Map.ofEntries(
            Map.entry("queryId", 16), Map.entry("clientInstanceToken", 16), Map.entry("id", 16),
            Map.entry("surbId", 16), Map.entry("destinationIdHash", 32), Map.entry("readCap", 136),
            Map.entry("writeCap", 168), Map.entry("messageBoxIndex", 104), Map.entry("envelopeHash", 32),
            Map.entry("courierIdentityHash", 32), Map.entry("writeCapHash", 32), Map.entry("destWriteCap", 168),
            Map.entry("destStartIndex", 104), Map.entry("messageWriteCap", 168), Map.entry("voucher", 32),
            Map.entry("appId", 16), Map.entry("instanceToken", 16), Map.entry("messageId", 16),
            Map.entry("firstMessageIndex", 104), Map.entry("nextMessageBoxIndex", 104),
            Map.entry("nextDestIndex", 104), Map.entry("voucherWriteCap", 168), Map.entry("voucherReadCap", 136),
            Map.entry("mutatedMessageReadCap", 136), Map.entry("salt", 32),
            Map.entry("mutatedMessageWriteCap", 168));

    static String wireName(String component) {
        if (component.equals("surbId")) {
            return "surbid";
        }
        return component.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }

    static byte[] frame(Object value) {
        return new CborWriter().value(value).toByteArray();
    }

    static Map<Object, Object> map(Object... kv) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A copy of {@code rec} with component {@code index} replaced. */
    static Object with(Record rec, int index, Object value) throws Exception {
        RecordComponent[] comps = rec.getClass().getRecordComponents();
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        for (int i = 0; i < comps.length; i++) {
            args[i] = i == index ? value : comps[i].getAccessor().invoke(rec);
            types[i] = comps[i].getType();
        }
        Constructor<?> c = rec.getClass().getDeclaredConstructor(types);
        return c.newInstance(args);
    }

    // ---- sizes, encode side ----

    @Test
    void encodeRejectsEveryWrongSizedFixedField() throws Exception {
        List<Record> samples = new ArrayList<>();
        WireSamples.requests().forEach(r -> samples.add((Record) r));
        WireSamples.responses().forEach(r -> samples.add((Record) r));
        int checked = 0;
        for (Record rec : samples) {
            RecordComponent[] comps = rec.getClass().getRecordComponents();
            for (int i = 0; i < comps.length; i++) {
                Integer size = FIXED.get(comps[i].getName());
                if (size == null || comps[i].getType() != byte[].class || comps[i].getAccessor().invoke(rec) == null) {
                    continue;
                }
                for (int wrong : new int[] {size - 1, size + 1, 0}) {
                    Object bad = with(rec, i, new byte[wrong]);
                    String field = wireName(comps[i].getName());
                    Runnable encode = bad instanceof Request
                            ? () -> codec.encodeRequest((Request) bad)
                            : () -> ResponseEncoder.encode((Response) bad);
                    assertThatThrownBy(encode::run)
                            .as("%s.%s with %d bytes", rec.getClass().getSimpleName(), field, wrong)
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining(field)
                            .hasMessageContaining(String.valueOf(size))
                            .hasMessageContaining(String.valueOf(wrong));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(150);
    }

    @Test
    void encodeRejectsBadListsAndRanges() {
        byte[] q = WireSamples.qid(1);
        assertThatThrownBy(() -> codec.encodeRequest(new CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayload(q,
                List.of(new EnvelopeDestination(new byte[1], new byte[167], WireSamples.idx(1))), true, true, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("write_cap");
        assertThatThrownBy(() -> codec.encodeRequest(new CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayload(q,
                List.of(new EnvelopeDestination(new byte[1], WireSamples.wcap(1), new byte[105])), true, true, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start_index");
        assertThatThrownBy(() -> ResponseEncoder.encode(
                new CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayloadReply(q, List.of(), null,
                        List.of(WireSamples.idx(1), new byte[103]), 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("next_dest_indices[1]");
        assertThatThrownBy(() -> codec.encodeRequest(new Requests.SendMessage(null, false, null,
                WireSamples.hash(1), new byte[0], new byte[0])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recipient_queue_id");
        assertThatThrownBy(() -> codec.encodeRequest(new Requests.SendMessage(null, false, null,
                WireSamples.hash(1), new byte[33], new byte[0])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recipient_queue_id");
        assertThatThrownBy(() -> codec.encodeRequest(new ResendMessages.StartResendingCopyCommand(q,
                WireSamples.wcap(1),
                null, new byte[33]))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("courier_queue_id");
        assertThatThrownBy(() -> codec.encodeRequest(new CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRange(q,
                WireSamples.wcap(1), WireSamples.idx(1), 1L << 32, false, false, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max_count");
        assertThatThrownBy(() -> codec.encodeRequest(new CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRange(q,
                WireSamples.wcap(1), WireSamples.idx(1), -1, false, false, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max_count");
        assertThatThrownBy(() -> codec.encodeRequest(new ResendMessages.StartResendingEncryptedMessage(q, null,
                WireSamples.wcap(1), null, 256, new byte[1], new byte[1], WireSamples.hash(1), false, false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reply_index");
        assertThatThrownBy(() -> ResponseEncoder.encode(new ResendMessages.CancelResendingCopyCommandReply(q,
                256)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("error_code");
        assertThatThrownBy(() -> ResponseEncoder.encode(new ResendMessages.CancelResendingCopyCommandReply(q, -1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("error_code");
        assertThatThrownBy(() -> codec.encodeRequest(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResponseEncoder.encode(null)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- sizes, decode side ----

    @Test
    void decodeRejectsEveryWrongSizedFixedField() {
        java.util.Set<String> fixedWire = new java.util.HashSet<>();
        FIXED.keySet().forEach(k -> fixedWire.add(wireName(k)));
        fixedWire.add("next_dest_index");
        int checked = 0;
        for (Response resp : WireSamples.responses()) {
            checked += mutateFixedFields(ResponseEncoder.encode(resp), resp.wireKey(), fixedWire, true);
        }
        for (Request req : WireSamples.requests()) {
            checked += mutateFixedFields(codec.encodeRequest(req), req.wireKey(), fixedWire, false);
        }
        assertThat(checked).isGreaterThan(100);
    }

    @SuppressWarnings("unchecked")
    private int mutateFixedFields(byte[] valid, String key, java.util.Set<String> fixedWire, boolean response) {
        int checked = 0;
        Map<Object, Object> top = (Map<Object, Object>) CborReader.decode(valid);
        Map<Object, Object> body = (Map<Object, Object>) top.get(key);
        for (Object field : new ArrayList<>(body.keySet())) {
            Object v = body.get(field);
            if (!(v instanceof byte[]) || !fixedWire.contains(field)) {
                continue;
            }
            for (int delta : new int[] {-1, 1}) {
                body.put(field, new byte[((byte[]) v).length + delta]);
                byte[] bad = frame(top);
                assertThatThrownBy(() -> {
                    if (response) {
                        codec.decodeResponse(bad);
                    } else {
                        RequestDecoder.decode(bad);
                    }
                }).as("%s.%s %+d", key, field, delta).isInstanceOf(CborException.class)
                        .hasMessageContaining((String) field);
                checked++;
            }
            body.put(field, v);
        }
        return checked;
    }

    @Test
    void decodeRejectsBadListElementsAndRanges() {
        byte[] q = WireSamples.qid(1);
        byte[] badIndices = frame(map("create_courier_envelopes_from_multi_payload_reply",
                map("query_id", q, "envelopes", List.of(), "buffer", null,
                        "next_dest_indices", List.of(WireSamples.idx(1), new byte[5]), "error_code", 0L)));
        assertThatThrownBy(() -> codec.decodeResponse(badIndices)).isInstanceOf(CborException.class)
                .hasMessageContaining("next_dest_indices");
        byte[] nullEnvelope = frame(map("create_courier_envelopes_from_payload_reply",
                map("query_id", q, "envelopes", Arrays.asList(new byte[3], null), "error_code", 0L)));
        assertThatThrownBy(() -> codec.decodeResponse(nullEnvelope)).isInstanceOf(CborException.class)
                .hasMessageContaining("envelopes[1]");
        byte[] badAuthority = frame(map("get_directory_authorities_reply",
                map("query_id", q, "authorities", List.of("not a map"), "error_code", 0L)));
        assertThatThrownBy(() -> codec.decodeResponse(badAuthority)).isInstanceOf(CborException.class)
                .hasMessageContaining("authorities[0]");
        byte[] bigCode = frame(map("cancel_resending_copy_command_reply", map("query_id", q, "error_code", 256L)));
        assertThatThrownBy(() -> codec.decodeResponse(bigCode)).isInstanceOf(CborException.class)
                .hasMessageContaining("error_code");
        byte[] negCode = frame(map("cancel_resending_copy_command_reply", map("query_id", q, "error_code", -1L)));
        assertThatThrownBy(() -> codec.decodeResponse(negCode)).isInstanceOf(CborException.class);
        byte[] bigCount = frame(map("create_courier_envelopes_from_tombstone_range",
                map("query_id", q, "max_count", 1L << 32)));
        assertThatThrownBy(() -> RequestDecoder.decode(bigCount)).isInstanceOf(CborException.class)
                .hasMessageContaining("max_count");
        byte[] emptyQueue = frame(map("send_message", map("recipient_queue_id", new byte[0])));
        assertThatThrownBy(() -> RequestDecoder.decode(emptyQueue)).isInstanceOf(CborException.class)
                .hasMessageContaining("recipient_queue_id");
        byte[] badDest = frame(map("create_courier_envelopes_from_multi_payload",
                map("destinations", List.of(map("write_cap", new byte[3])))));
        assertThatThrownBy(() -> RequestDecoder.decode(badDest)).isInstanceOf(CborException.class)
                .hasMessageContaining("write_cap");
    }

    @Test
    void decodeRequiresCborBooleansAndProperTypes() {
        assertThatThrownBy(() -> codec.decodeResponse(frame(map("session_token_reply",
                map("app_id", new byte[16], "resumed", 1L))))).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> RequestDecoder.decode(frame(map("send_message", map("with_surb", 0L)))))
                .isInstanceOf(CborException.class);
        assertThatThrownBy(() -> codec.decodeResponse(frame(map("new_keypair_reply",
                map("query_id", "not bytes"))))).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> codec.decodeResponse(frame(map("get_pki_document_reply",
                map("epoch", -1L))))).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> codec.decodeResponse(frame(map("shutdown_event", 5L))))
                .isInstanceOf(CborException.class);
        assertThatThrownBy(() -> codec.decodeResponse(frame(List.of(1L)))).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> codec.decodeResponse(null)).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> RequestDecoder.decode(null)).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> codec.decodeResponse(new byte[0])).isInstanceOf(CborException.class);
    }

    @Test
    void decodeRejectsTrailingBytes() {
        byte[] valid = ResponseEncoder.encode(new Responses.ShutdownFrame());
        byte[] trailing = Arrays.copyOf(valid, valid.length + 1);
        assertThatThrownBy(() -> codec.decodeResponse(trailing)).isInstanceOf(CborException.class)
                .hasMessageContaining("trailing");
    }

    // ---- choosing the variant ----

    @Test
    void twoNonNullVariantsAreRejected() {
        byte[] two = frame(map("shutdown_event", map(), "cancel_resending_copy_command_reply",
                map("query_id", new byte[16], "error_code", 0L)));
        assertThatThrownBy(() -> codec.decodeResponse(two)).isInstanceOf(CborException.class)
                .hasMessageContaining("shutdown_event").hasMessageContaining("cancel_resending_copy_command_reply");
        byte[] twoRequests = frame(map("thin_close", map(), "get_directory_authorities", map()));
        assertThatThrownBy(() -> RequestDecoder.decode(twoRequests)).isInstanceOf(CborException.class);
        byte[] sameTwice = new CborWriter().mapHeader(2).text("shutdown_event").mapHeader(0)
                .text("shutdown_event").mapHeader(0).toByteArray();
        assertThatThrownBy(() -> codec.decodeResponse(sameTwice)).isInstanceOf(CborException.class);
    }

    @Test
    void noNonNullVariantIsRejected() {
        Map<Object, Object> allNull = new LinkedHashMap<>();
        Responses.KEYS.forEach(k -> allNull.put(k, null));
        assertThatThrownBy(() -> codec.decodeResponse(frame(allNull))).isInstanceOf(CborException.class)
                .hasMessageContaining("no non-null variant");
        assertThatThrownBy(() -> codec.decodeResponse(frame(map()))).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> RequestDecoder.decode(frame(map()))).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> RequestDecoder.decode(frame(map("thin_close", null))))
                .isInstanceOf(CborException.class);
    }

    @Test
    void variantIsTheNonNullKeyNotThePresentOne() {
        Map<Object, Object> m = new LinkedHashMap<>();
        Responses.KEYS.forEach(k -> m.put(k, null));
        m.put("voucher_open_reply", map("query_id", new byte[16], "error_code", 30L));
        assertThat(codec.decodeResponse(frame(m))).isInstanceOf(VoucherMessages.VoucherOpenReply.class)
                .extracting(r -> ((QueryReply) r).errorCode()).isEqualTo(30);
        // Go-client style request: all request keys present, one non-null
        Map<Object, Object> req = map("session_token", null, "thin_close", null, "send_message", null,
                "get_directory_authorities", map("query_id", new byte[16]), "voucher_mint", null);
        assertThat(RequestDecoder.decode(frame(req))).isInstanceOf(Requests.GetDirectoryAuthorities.class);
    }

    @Test
    void unknownVariantDecodesAsUnknown() {
        Map<Object, Object> m = new LinkedHashMap<>();
        Responses.KEYS.forEach(k -> m.put(k, null));
        m.put("future_event", map("x", 1L));
        m.put("another_future_event", map("y", 2L));
        m.put("ignored_null_future", null);
        Response r = codec.decodeResponse(frame(m));
        assertThat(r).isInstanceOf(Responses.Unknown.class);
        Responses.Unknown u = (Responses.Unknown) r;
        assertThat(u.key()).isEqualTo("future_event");
        assertThat(u.wireKey()).isEqualTo("future_event");
        assertThat(u.value()).isEqualTo(map("x", 1L));

        Request q = RequestDecoder.decode(frame(map("write_stream", map("query_id", new byte[16]))));
        assertThat(q).isInstanceOf(Requests.Unknown.class).extracting(Request::wireKey).isEqualTo("write_stream");
    }

    @Test
    void unknownNonNullKeyBesideAKnownVariantIsIgnored() {
        byte[] f = frame(map("future_event", map("x", 1L), "shutdown_event", map(), "later", "text"));
        assertThat(codec.decodeResponse(f)).isInstanceOf(Responses.ShutdownFrame.class);
    }

    @Test
    void unknownAndNonTextKeysInsideAVariantAreIgnored() {
        Map<Object, Object> body = map(
                "query_id", WireSamples.qid(1),
                "future_field", map("deep", List.of(1L, "two", new byte[] {3}, Map.of(4L, 5.5))),
                7L, "integer key",
                org.katzenpost.thin.pki.ByteKey.of(new byte[] {1, 2}), true,
                "counter", 42L,
                "error_code", 0L);
        Response r = codec.decodeResponse(frame(map(12L, "non-text top-level key", "get_message_box_index_counter_reply",
                body)));
        assertThat(r).usingRecursiveComparison()
                .isEqualTo(new BoxMessages.GetMessageBoxIndexCounterReply(WireSamples.qid(1), 42, 0));
    }

    @Test
    void unknownGeometryKeysAreIgnored() {
        Map<Object, Object> sphinx = map("PacketLength", 3082L, "FutureKnob", List.of(1L), "NIKEName", "x25519",
                "KEMName", "", "UserForwardPayloadLength", 2000L);
        Map<Object, Object> ph = map("MaxPlaintextPayloadLength", 1553L, "NewThing", map("a", "b"),
                "SignatureSchemeName", "Ed25519");
        Response r = codec.decodeResponse(frame(map("connection_status_event", map("is_connected", true,
                "err", "ignored whatever it is", "instance_token", new byte[16], "sphinx_geometry", sphinx,
                "pigeonhole_geometry", ph))));
        Responses.ConnectionStatusFrame e = (Responses.ConnectionStatusFrame) r;
        assertThat(e.isConnected()).isTrue();
        assertThat(e.sphinxGeometry().packetLength()).isEqualTo(3082);
        assertThat(e.sphinxGeometry().userForwardPayloadLength()).isEqualTo(2000);
        assertThat(e.sphinxGeometry().nikeName()).isEqualTo("x25519");
        assertThat(e.sphinxGeometry().kemName()).isEmpty();
        assertThat(e.sphinxGeometry().nrHops()).isZero();
        assertThat(e.pigeonholeGeometry().maxPlaintextPayloadLength()).isEqualTo(1553);
        assertThat(e.pigeonholeGeometry().signatureSchemeName()).isEqualTo("Ed25519");
        assertThat(e.pigeonholeGeometry().nikeName()).isNull();
    }

    @Test
    void nullFieldsDecodeAsNullZeroOrFalse() {
        byte[] f = frame(map("message_reply_event", map("message_id", null, "surbid", new byte[16],
                "payload", null, "reply_index", null, "error_code", null)));
        Responses.MessageReplyFrame e = (Responses.MessageReplyFrame) codec.decodeResponse(f);
        assertThat(e.messageId()).isNull();
        assertThat(e.payload()).isNull();
        assertThat(e.replyIndex()).isNull();
        assertThat(e.errorCode()).isZero();
        Responses.SessionTokenReply s = (Responses.SessionTokenReply) codec.decodeResponse(
                frame(map("session_token_reply", map("app_id", null, "resumed", null))));
        assertThat(s.resumed()).isFalse();
        assertThat(s.appId()).isNull();
    }

    @Test
    void indefiniteLengthContainersAndUndefinedAreAccepted() {
        CborWriter w = new CborWriter();
        w.raw(new byte[] {(byte) 0xBF}); // indefinite top map
        w.text("shutdown_event").raw(new byte[] {(byte) 0xF7}); // undefined counts as null
        w.text("next_message_box_index_reply").raw(new byte[] {(byte) 0xBF});
        w.text("query_id").raw(new byte[] {0x5F}); // indefinite byte string in two chunks
        w.bytes(new byte[10]).bytes(new byte[6]).raw(new byte[] {(byte) 0xFF});
        w.text("error_code").uint(3);
        w.raw(new byte[] {(byte) 0xFF, (byte) 0xFF});
        Response r = codec.decodeResponse(w.toByteArray());
        assertThat(r).usingRecursiveComparison()
                .isEqualTo(new BoxMessages.NextMessageBoxIndexReply(new byte[16], null, 3));
    }

    @Test
    void messageSentAcceptsSignedTimes() {
        byte[] f = frame(map("message_sent_event", map("message_id", null, "surbid", new byte[16],
                "sent_at", 1_752_000_000L, "reply_eta", -3L, "err", "boom")));
        Responses.MessageSentFrame e = (Responses.MessageSentFrame) codec.decodeResponse(f);
        assertThat(e.sentAtUnixSeconds()).isEqualTo(1_752_000_000L);
        assertThat(e.replyEtaNanos()).isEqualTo(-3L);
        assertThat(e.err()).isEqualTo("boom");
    }

    @Test
    void omitemptyFieldsNormaliseEmptyToAbsent() {
        Responses.MessageSentFrame e = (Responses.MessageSentFrame) codec.decodeResponse(frame(map(
                "message_sent_event", map("surbid", new byte[16], "sent_at", 1L, "reply_eta", 2L, "err", ""))));
        assertThat(e.err()).isNull();
        ResendMessages.StartResendingCopyCommand c =
                (ResendMessages.StartResendingCopyCommand) RequestDecoder.decode(frame(map(
                "start_resending_copy_command", map("query_id", new byte[16], "write_cap", new byte[168],
                        "courier_queue_id", new byte[0]))));
        assertThat(c.courierQueueId()).isNull();
        assertThatThrownBy(() -> RequestDecoder.decode(frame(map("start_resending_copy_command",
                map("courier_queue_id", new byte[33]))))).isInstanceOf(CborException.class)
                .hasMessageContaining("courier_queue_id");
    }
}
