package org.katzenpost.thin.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.katzenpost.testkit.internal.wire.RequestDecoder;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.Responses.Response;

/** The exact shape of what the codec writes: daemon-style responses, Go-client-style requests. */
class WireCodecShapeTest {
    private final WireCodec codec = new WireCodec();

    static List<Response> allResponses() {
        List<Response> l = new ArrayList<>(WireSamples.responses());
        l.addAll(WireSamples.errorResponses());
        return l;
    }

    static List<Request> allRequests() {
        List<Request> l = new ArrayList<>(WireSamples.requests());
        l.addAll(WireSamples.sparseRequests());
        return l;
    }

    @SuppressWarnings("unchecked")
    static Map<Object, Object> generic(byte[] frame) {
        return (Map<Object, Object>) CborReader.decode(frame);
    }

    @SuppressWarnings("unchecked")
    static Map<Object, Object> variant(byte[] frame, String key) {
        return (Map<Object, Object>) generic(frame).get(key);
    }

    /**
     * The variant key of each request, as docs/protocol.md#requests names it: written out here rather than read
     * from the records' {@code KEY} constants, which is what the encoder writes.
     */
    private static final Map<Class<?>, String> DOCUMENTED_REQUEST_KEYS = Map.ofEntries(
            Map.entry(Requests.SessionToken.class, "session_token"),
            Map.entry(Requests.ThinClose.class, "thin_close"),
            Map.entry(Requests.SendMessage.class, "send_message"),
            Map.entry(BoxMessages.NewKeypair.class, "new_keypair"),
            Map.entry(BoxMessages.EncryptRead.class, "encrypt_read"),
            Map.entry(BoxMessages.EncryptWrite.class, "encrypt_write"),
            Map.entry(ResendMessages.StartResendingEncryptedMessage.class, "start_resending_encrypted_message"),
            Map.entry(ResendMessages.CancelResendingEncryptedMessage.class, "cancel_resending_encrypted_message"),
            Map.entry(ResendMessages.StartResendingCopyCommand.class, "start_resending_copy_command"),
            Map.entry(ResendMessages.CancelResendingCopyCommand.class, "cancel_resending_copy_command"),
            Map.entry(BoxMessages.NextMessageBoxIndex.class, "next_message_box_index"),
            Map.entry(BoxMessages.GetMessageBoxIndexCounter.class, "get_message_box_index_counter"),
            Map.entry(CourierEnvelopeMessages.CreateCourierEnvelopesFromPayload.class,
                    "create_courier_envelopes_from_payload"),
            Map.entry(CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayload.class,
                    "create_courier_envelopes_from_multi_payload"),
            Map.entry(CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRange.class,
                    "create_courier_envelopes_from_tombstone_range"),
            Map.entry(Requests.GetPkiDocument.class, "get_pki_document"),
            Map.entry(Requests.GetDirectoryAuthorities.class, "get_directory_authorities"),
            Map.entry(VoucherMessages.VoucherMint.class, "voucher_mint"),
            Map.entry(VoucherMessages.VoucherInduct.class, "voucher_induct"),
            Map.entry(VoucherMessages.VoucherOpen.class, "voucher_open"),
            Map.entry(VoucherMessages.VoucherDeriveStream.class, "voucher_derive_stream"));

    @Test
    void everyRequestKindHasADocumentedKey() {
        assertThat(DOCUMENTED_REQUEST_KEYS.keySet()).containsExactlyInAnyOrderElementsOf(WireKinds.requestKinds());
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("allResponses")
    void responsesHaveAll25KeysInTheDaemonsOrderExactlyOneNonNull(Response response) {
        // the order a real kpclientd wrote, from a captured frame (any will do: they all share it)
        List<Object> daemonOrder = List.copyOf(generic(DaemonFixturesTest.capture("04-session_token_reply.cbor"))
                .keySet());
        assertThat(daemonOrder).hasSize(25);
        Map<Object, Object> m = generic(ResponseEncoder.encode(response));
        assertThat(m.keySet()).containsExactlyElementsOf(daemonOrder);
        List<Object> nonNull = m.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey)
                .collect(java.util.stream.Collectors.toList());
        assertThat(nonNull).containsExactly(response.wireKey());
        assertThat(m.get(response.wireKey())).isInstanceOf(Map.class);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("allRequests")
    void requestsCarryOnlyTheirDocumentedKey(Request request) {
        String documented = DOCUMENTED_REQUEST_KEYS.get(request.getClass());
        Map<Object, Object> m = generic(codec.encodeRequest(request));
        assertThat(m.keySet()).containsExactly(documented);
        assertThat(m.get(documented)).isInstanceOf(Map.class);
    }

    @Test
    void thinCloseIsAnEmptyMap() {
        byte[] expected = new byte[2 + 10 + 1];
        expected[0] = (byte) 0xA1;
        expected[1] = (byte) (0x60 | 10);
        System.arraycopy("thin_close".getBytes(StandardCharsets.US_ASCII), 0, expected, 2, 10);
        expected[12] = (byte) 0xA0;
        assertThat(codec.encodeRequest(new Requests.ThinClose())).isEqualTo(expected);
    }

    @Test
    void shutdownEventIsAnEmptyMap() {
        assertThat(variant(ResponseEncoder.encode(new Responses.ShutdownFrame()), "shutdown_event")).isEmpty();
    }

    @Test
    void sendMessageWritesEveryFieldWithNullsAndABool() {
        Map<Object, Object> v = variant(codec.encodeRequest(
                new Requests.SendMessage(null, false, null, WireSamples.hash(1), new byte[] {'q'}, new byte[0])),
                "send_message");
        assertThat(v.keySet()).containsExactly("id", "with_surb", "surbid", "destination_id_hash",
                "recipient_queue_id", "payload");
        assertThat(v.get("with_surb")).isEqualTo(Boolean.FALSE);
        assertThat(v.get("id")).isNull();
        assertThat(v.get("surbid")).isNull();
        assertThat((byte[]) v.get("payload")).isEmpty();
    }

    @Test
    void startResendingOmitsEmptyOptionals() {
        Map<Object, Object> v = variant(codec.encodeRequest(new ResendMessages.StartResendingEncryptedMessage(
                WireSamples.qid(1), null, WireSamples.wcap(2), null, null, new byte[] {1}, new byte[] {2},
                WireSamples.hash(3), false, false)), "start_resending_encrypted_message");
        assertThat(v.keySet()).containsExactly("query_id", "read_cap", "write_cap", "message_box_index",
                "envelope_descriptor", "message_ciphertext", "envelope_hash");
        assertThat(v.get("read_cap")).isNull();
        assertThat(v.get("message_box_index")).isNull();

        Map<Object, Object> full = variant(codec.encodeRequest(new ResendMessages.StartResendingEncryptedMessage(
                WireSamples.qid(1), WireSamples.rcap(2), null, WireSamples.idx(3), 0, new byte[] {1},
                new byte[] {2}, WireSamples.hash(3), true, true)), "start_resending_encrypted_message");
        assertThat(full.get("reply_index")).isEqualTo(0L);
        assertThat(full.get("no_retry_on_box_id_not_found")).isEqualTo(Boolean.TRUE);
        assertThat(full.get("no_idempotent_box_already_exists")).isEqualTo(Boolean.TRUE);
    }

    @Test
    void copyCommandOmitsCourierWhenUnset() {
        Map<Object, Object> v = variant(codec.encodeRequest(new ResendMessages.StartResendingCopyCommand(
                WireSamples.qid(1), WireSamples.wcap(2), null, new byte[0])), "start_resending_copy_command");
        assertThat(v.keySet()).containsExactly("query_id", "write_cap");
    }

    @Test
    void encryptWriteKeepsEmptyPlaintextApartFromNull() {
        Map<Object, Object> empty = variant(codec.encodeRequest(new BoxMessages.EncryptWrite(WireSamples.qid(1),
                new byte[0], WireSamples.wcap(2), WireSamples.idx(3))), "encrypt_write");
        assertThat(empty.get("plaintext")).isInstanceOf(byte[].class);
        Map<Object, Object> nul = variant(codec.encodeRequest(new BoxMessages.EncryptWrite(WireSamples.qid(1),
                null, WireSamples.wcap(2), WireSamples.idx(3))), "encrypt_write");
        assertThat(nul).containsKey("plaintext");
        assertThat(nul.get("plaintext")).isNull();
        assertThat(RequestDecoder.decode(codec.encodeRequest(new BoxMessages.EncryptWrite(WireSamples.qid(1),
                new byte[0], WireSamples.wcap(2), WireSamples.idx(3)))))
                .extracting(r -> ((BoxMessages.EncryptWrite) r).plaintext()).isEqualTo(new byte[0]);
    }

    @Test
    void numbersUseTheRightMajorTypes() {
        Map<Object, Object> pki = variant(codec.encodeRequest(new Requests.GetPkiDocument(WireSamples.qid(1), -1L)),
                "get_pki_document");
        assertThat(pki.get("epoch")).isEqualTo(new BigInteger("18446744073709551615"));

        Map<Object, Object> sent = variant(ResponseEncoder.encode(
                new Responses.MessageSentFrame(null, WireSamples.b(16, 1), 1_752_000_000L, -5L, null)),
                "message_sent_event");
        assertThat(sent.keySet()).containsExactly("message_id", "surbid", "sent_at", "reply_eta");
        assertThat(sent.get("sent_at")).isEqualTo(1_752_000_000L);
        assertThat(sent.get("reply_eta")).isEqualTo(-5L);

        Map<Object, Object> tomb = variant(codec.encodeRequest(
                new CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRange(
                WireSamples.qid(1), WireSamples.wcap(2), WireSamples.idx(3), 7, true, false, null)),
                "create_courier_envelopes_from_tombstone_range");
        assertThat(tomb.get("max_count")).isEqualTo(7L);
        assertThat(tomb.get("is_start")).isEqualTo(Boolean.TRUE);
        assertThat(tomb.get("is_last")).isEqualTo(Boolean.FALSE);
        assertThat(tomb).containsEntry("buffer", null);
    }

    @Test
    void copyReplyOmitsZeroReplicaFields() {
        Map<Object, Object> v = variant(ResponseEncoder.encode(
                new ResendMessages.StartResendingCopyCommandReply(WireSamples.qid(1), 0, 0, 0)),
                "start_resending_copy_command_reply");
        assertThat(v.keySet()).containsExactly("query_id", "error_code");
        Map<Object, Object> failed = variant(ResponseEncoder.encode(
                new ResendMessages.StartResendingCopyCommandReply(WireSamples.qid(1), 26, 3, 5)),
                "start_resending_copy_command_reply");
        assertThat(failed).containsEntry("replica_error_code", 3L).containsEntry("failed_envelope_index", 5L);
    }

    @Test
    void connectionStatusCarriesNullErrAndGeometryMaps() {
        Map<Object, Object> v = variant(ResponseEncoder.encode(WireSamples.responses().get(2)),
                "connection_status_event");
        assertThat(v.keySet()).containsExactly("is_connected", "err", "instance_token", "sphinx_geometry",
                "pigeonhole_geometry");
        assertThat(v.get("err")).isNull();
        @SuppressWarnings("unchecked")
        Map<Object, Object> sphinx = (Map<Object, Object>) v.get("sphinx_geometry");
        assertThat(sphinx).containsEntry("UserForwardPayloadLength", 2000L).containsEntry("KEMName", "")
                .hasSize(14);
        @SuppressWarnings("unchecked")
        Map<Object, Object> ph = (Map<Object, Object>) v.get("pigeonhole_geometry");
        assertThat(ph).containsEntry("MaxPlaintextPayloadLength", 1553L)
                .containsEntry("SignatureSchemeName", "Ed25519").hasSize(7);
    }

    @Test
    void errorRepliesCarryNullPayloadFields() {
        Map<Object, Object> v = variant(ResponseEncoder.encode(
                new BoxMessages.EncryptReadReply(WireSamples.qid(1), null, null, null, null, 4)),
                "encrypt_read_reply");
        assertThat(v).containsEntry("message_ciphertext", null).containsEntry("envelope_descriptor", null)
                .containsEntry("envelope_hash", null).containsEntry("next_message_box_index", null)
                .containsEntry("error_code", 4L);
    }
}
