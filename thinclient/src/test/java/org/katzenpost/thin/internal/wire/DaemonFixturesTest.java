package org.katzenpost.thin.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.katzenpost.testkit.internal.wire.RequestDecoder;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.SphinxGeometry;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.Responses.Response;

/**
 * Frames captured from a real kpclientd v0.0.99 ({@code fixtures/daemon-v0.0.99/NN-name.cbor}, raw frame bodies
 * without the length prefix; requests are named {@code NN-variant[-note].request.cbor}, responses
 * {@code NN-variant.cbor}). Every response must decode to its variant, have the daemon's 25-key shape, and
 * re-encode to the identical bytes; every captured request kind must be decodable and our encoding of it must
 * have the same map shape as the request the daemon accepted.
 */
class DaemonFixturesTest {
    private static final WireCodec CODEC = new WireCodec();

    static Path dir() {
        String prop = System.getProperty("katzenpost.fixtures");
        List<Path> candidates = new ArrayList<>();
        if (prop != null) {
            candidates.add(Path.of(prop));
        }
        candidates.add(Path.of("..", "fixtures", "daemon-v0.0.99"));
        candidates.add(Path.of("fixtures", "daemon-v0.0.99"));
        for (Path p : candidates) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    static List<Path> frames() {
        Path d = dir();
        Assumptions.assumeTrue(d != null, "daemon captures not present");
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".cbor")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of the capture whose file name starts with {@code prefix} (e.g. "10-"), or a skipped test. */
    static byte[] capture(String prefix) {
        Path d = dir();
        Assumptions.assumeTrue(d != null, "daemon captures not present");
        Path p = d.resolve(prefix);
        Assumptions.assumeTrue(Files.exists(p), prefix + " not captured");
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static <T extends Response> T response(String file, Class<T> type) {
        Response r = CODEC.decodeResponse(capture(file));
        assertThat(r).isInstanceOf(type);
        return (T) r;
    }

    @SuppressWarnings("unchecked")
    static <T extends Request> T request(String file, Class<T> type) {
        Request r = RequestDecoder.decode(capture(file));
        assertThat(r).isInstanceOf(type);
        return (T) r;
    }

    /** "12-encrypt_write_reply.cbor" → "encrypt_write_reply"; "24-error-new_keypair-short-seed.request.cbor" → "new_keypair-short-seed". */
    static String stem(Path p) {
        String n = p.getFileName().toString();
        n = n.substring(n.indexOf('-') + 1);
        n = n.replaceFirst("(\\.request)?\\.cbor$", "");
        return n.startsWith("error-") ? n.substring(6) : n;
    }

    @TestFactory
    Stream<DynamicTest> everyCapturedFrameDecodesAndReencodes() {
        return frames().stream().map(p -> dynamicTest(p.getFileName().toString(), () -> {
            byte[] body = Files.readAllBytes(p);
            String stem = stem(p);
            if (p.getFileName().toString().endsWith(".request.cbor")) {
                checkRequest(body, stem);
            } else {
                checkResponse(body, stem);
            }
        }));
    }

    @SuppressWarnings("unchecked")
    private static void checkResponse(byte[] body, String stem) {
        Response r = CODEC.decodeResponse(body);
        assertThat(r).isNotInstanceOf(Responses.Unknown.class);
        assertThat(stem).satisfiesAnyOf(s -> assertThat(s).isEqualTo(r.wireKey()),
                s -> assertThat(s).startsWith(r.wireKey() + "-"));
        // the daemon's shape: all 25 keys, in Go struct order, exactly one non-null
        Map<Object, Object> generic = (Map<Object, Object>) CborReader.decode(body);
        assertThat(generic.keySet()).containsExactlyElementsOf(ResponseEncoder.KEYS_IN_DAEMON_ORDER);
        assertThat(generic.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey))
                .containsExactly(r.wireKey());
        // and our daemon-style encoder reproduces the daemon byte for byte
        assertThat(ResponseEncoder.encode(r)).isEqualTo(body);
    }

    private static void checkRequest(byte[] captured, String stem) {
        if (stem.contains("wrong-length")) {
            // the daemon dropped the connection on this one ("invalid ReadCap binary size"); so do we
            assertThatThrownBy(() -> RequestDecoder.decode(captured)).isInstanceOf(CborException.class);
            return;
        }
        Request r = RequestDecoder.decode(captured);
        if (stem.contains("unknown-variant")) {
            assertThat(r).isInstanceOf(Requests.Unknown.class);
        } else {
            assertThat(r).isNotInstanceOf(Requests.Unknown.class);
            RequestDecoder.KEYS.stream().filter(k -> stem.equals(k) || stem.startsWith(k + "-"))
                    .max(java.util.Comparator.comparingInt(String::length))
                    .ifPresent(k -> assertThat(r.wireKey()).isEqualTo(k));
        }
        byte[] ours = CODEC.encodeRequest(r);
        // our bytes, read back generically, have the same keys and values as the request the daemon accepted
        Object oursGeneric = CborReader.decode(ours);
        Object capturedGeneric = CborReader.decode(captured);
        assertThat(oursGeneric).usingRecursiveComparison().isEqualTo(capturedGeneric);
        assertThat(ours).isEqualTo(captured);
    }

    // ---- values the daemon decided ----

    @Test
    void bacapBlobSizesMatchTheDaemon() {
        BoxMessages.NewKeypairReply kp = response("10-new_keypair_reply.cbor",
                BoxMessages.NewKeypairReply.class);
        assertThat(kp.errorCode()).isZero();
        assertThat(kp.writeCap()).hasSize(168).hasSize(WireSizes.WRITE_CAP);
        assertThat(kp.readCap()).hasSize(136).hasSize(WireSizes.READ_CAP);
        assertThat(kp.firstMessageIndex()).hasSize(104).hasSize(WireSizes.MESSAGE_BOX_INDEX);
        BoxMessages.NewKeypair req = request("09-new_keypair.request.cbor", BoxMessages.NewKeypair.class);
        assertThat(kp.queryId()).isEqualTo(req.queryId()).hasSize(WireSizes.QUERY_ID);
        // the WriteCap ends with the first index; the ReadCap too (docs/protocol.md#sizes layout)
        assertThat(Arrays.copyOfRange(kp.writeCap(), 64, 168)).isEqualTo(kp.firstMessageIndex());
        assertThat(Arrays.copyOfRange(kp.readCap(), 32, 136)).isEqualTo(kp.firstMessageIndex());
    }

    @Test
    void handshakeConnectionStatusCarriesGeometries() {
        Responses.ConnectionStatusFrame e = response("01-connection_status_event.cbor",
                Responses.ConnectionStatusFrame.class);
        assertThat(e.isConnected()).isTrue();
        assertThat(e.instanceToken()).hasSize(WireSizes.TOKEN);
        assertThat(e.sphinxGeometry()).isEqualTo(new SphinxGeometry(3082, 5, 476, 410, 82, 572, 2, 32, 2574, 2000,
                65, 64, "x25519", ""));
        assertThat(e.pigeonholeGeometry()).isEqualTo(new PigeonholeGeometry(1549, 2000, 2000, 1718, 1718,
                "CTIDH1024-X25519", "Ed25519"));
    }

    @Test
    void sessionTokenReply() {
        Responses.SessionTokenReply s = response("04-session_token_reply.cbor", Responses.SessionTokenReply.class);
        assertThat(s.appId()).hasSize(WireSizes.TOKEN);
        assertThat(s.resumed()).isFalse();
        assertThat(request("03-session_token.request.cbor", Requests.SessionToken.class).clientInstanceToken())
                .hasSize(WireSizes.TOKEN);
    }

    @Test
    void pkiDocumentPayloadsAreGenericCbor() {
        Responses.NewPkiDocumentFrame ev = response("02-new_pki_document_event.cbor",
                Responses.NewPkiDocumentFrame.class);
        assertThat(ev.payload()).isNotEmpty();
        assertThat(CborReader.decode(ev.payload())).isInstanceOf(Map.class);

        Responses.GetPkiDocumentReply reply = response("06-get_pki_document_reply.cbor",
                Responses.GetPkiDocumentReply.class);
        assertThat(reply.errorCode()).isZero();
        assertThat(reply.epoch()).isPositive();
        assertThat(reply.queryId()).isEqualTo(request("05-get_pki_document.request.cbor",
                Requests.GetPkiDocument.class).queryId());
        Object cert = CborReader.decode(reply.payload());
        assertThat(cert).isInstanceOf(Map.class);
        Object certified = ((Map<?, ?>) cert).get("Certified");
        assertThat(certified).isInstanceOf(byte[].class);
        Map<?, ?> doc = (Map<?, ?>) CborReader.decode((byte[]) certified);
        assertThat(doc.get("Epoch")).isEqualTo(reply.epoch());
    }

    @Test
    void directoryAuthoritiesAreRawMaps() {
        Responses.GetDirectoryAuthoritiesReply r = response("08-get_directory_authorities_reply.cbor",
                Responses.GetDirectoryAuthoritiesReply.class);
        assertThat(r.errorCode()).isZero();
        assertThat(r.authorities()).hasSize(3);
        for (Map<Object, Object> a : r.authorities()) {
            assertThat(a).containsKeys("identifier", "pki_signature_scheme", "wire_kem_scheme", "addresses",
                    "identity_public_key_pem", "link_public_key_pem", "identity_key_hash");
            assertThat((byte[]) a.get("identity_key_hash")).hasSize(WireSizes.HASH);
            assertThat(a.get("addresses")).isInstanceOf(List.class);
        }
    }

    @Test
    void encryptRepliesAndIndexHelpers() {
        BoxMessages.EncryptWriteReply w = response("12-encrypt_write_reply.cbor",
                BoxMessages.EncryptWriteReply.class);
        assertThat(w.errorCode()).isZero();
        assertThat(w.messageCiphertext()).hasSize(2000); // = CourierQueryWriteLength of the captured geometry
        assertThat(w.envelopeHash()).hasSize(WireSizes.HASH);
        assertThat(w.envelopeDescriptor()).isNotEmpty();
        assertThat(w.nextMessageBoxIndex()).hasSize(WireSizes.MESSAGE_BOX_INDEX);

        BoxMessages.EncryptReadReply rd = response("14-encrypt_read_reply.cbor",
                BoxMessages.EncryptReadReply.class);
        assertThat(rd.messageCiphertext()).hasSize(2000); // reads are padded to the size of writes

        BoxMessages.NextMessageBoxIndexReply next = response("16-next_message_box_index_reply.cbor",
                BoxMessages.NextMessageBoxIndexReply.class);
        assertThat(next.nextMessageBoxIndex()).isEqualTo(w.nextMessageBoxIndex());

        BoxMessages.GetMessageBoxIndexCounterReply ofNext = response(
                "18-get_message_box_index_counter_reply.cbor",
                BoxMessages.GetMessageBoxIndexCounterReply.class);
        BoxMessages.GetMessageBoxIndexCounterReply ofFirst = response(
                "20-get_message_box_index_counter_reply.cbor",
                BoxMessages.GetMessageBoxIndexCounterReply.class);
        BoxMessages.GetMessageBoxIndexCounter firstReq = request(
                "19-get_message_box_index_counter-first.request.cbor",
                BoxMessages.GetMessageBoxIndexCounter.class);
        long le = ByteBuffer.wrap(firstReq.messageBoxIndex(), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(ofFirst.counter()).isEqualTo(le);
        assertThat(ofNext.counter()).isEqualTo(ofFirst.counter() + 1);
    }

    @Test
    void legacySendEvents() {
        Requests.SendMessage sent = request("21-send_message.request.cbor", Requests.SendMessage.class);
        Responses.MessageSentFrame ev = response("22-message_sent_event.cbor", Responses.MessageSentFrame.class);
        assertThat(ev.messageId()).isEqualTo(sent.id());
        assertThat(ev.surbId()).isEqualTo(sent.surbId());
        assertThat(ev.sentAtUnixSeconds()).isBetween(1_700_000_000L, 4_000_000_000L);
        assertThat(ev.replyEtaNanos()).isBetween(1L, 60_000_000_000L);
        assertThat(ev.err()).isNull();

        Responses.MessageReplyFrame reply = response("23-message_reply_event.cbor", Responses.MessageReplyFrame.class);
        assertThat(reply.surbId()).isEqualTo(sent.surbId());
        assertThat(reply.messageId()).isEqualTo(sent.id());
        assertThat(reply.errorCode()).isZero();
        assertThat(reply.replyIndex()).isNull();
        // the echo reply comes back padded to ForwardPayloadLength (2574), not UserForwardPayloadLength (2000)
        assertThat(reply.payload()).hasSize(2574);
        assertThat(Arrays.copyOf(reply.payload(), sent.payload().length)).isEqualTo(sent.payload());
    }

    @Test
    void errorRepliesCarryNulls() {
        BoxMessages.NewKeypairReply kp = response("25-new_keypair_reply.cbor",
                BoxMessages.NewKeypairReply.class);
        assertThat(kp.errorCode()).isEqualTo(3);
        assertThat(kp.writeCap()).isNull();
        assertThat(kp.readCap()).isNull();
        assertThat(kp.firstMessageIndex()).isNull();
        assertThat(kp.queryId()).isEqualTo(request("24-error-new_keypair-short-seed.request.cbor",
                BoxMessages.NewKeypair.class).queryId());

        BoxMessages.EncryptWriteReply w = response("27-encrypt_write_reply.cbor",
                BoxMessages.EncryptWriteReply.class);
        assertThat(w.errorCode()).isEqualTo(3);
        assertThat(w.messageCiphertext()).isNull();
        assertThat(request("26-error-encrypt_write-null-plaintext.request.cbor", BoxMessages.EncryptWrite.class)
                .plaintext()).isNull();

        Responses.GetPkiDocumentReply pki = response("29-get_pki_document_reply.cbor",
                Responses.GetPkiDocumentReply.class);
        assertThat(pki.errorCode()).isEqualTo(10);
        assertThat(pki.epoch()).isEqualTo(1);
        assertThat(pki.payload()).isNull();
    }

    @Test
    void pigeonholeRoundTrip() {
        ResendMessages.StartResendingEncryptedMessage write = request(
                "30-start_resending_encrypted_message-write.request.cbor",
                ResendMessages.StartResendingEncryptedMessage.class);
        assertThat(write.readCap()).isNull();
        assertThat(write.writeCap()).hasSize(WireSizes.WRITE_CAP);
        ResendMessages.StartResendingEncryptedMessageReply wr = response(
                "31-start_resending_encrypted_message_reply.cbor",
                ResendMessages.StartResendingEncryptedMessageReply.class);
        assertThat(wr.queryId()).isEqualTo(write.queryId());
        assertThat(wr.errorCode()).isZero();
        assertThat(wr.plaintext()).isNull();
        assertThat(wr.courierIdentityHash()).hasSize(WireSizes.HASH);
        assertThat(new String(wr.courierQueueId(), StandardCharsets.UTF_8)).isEqualTo("courier");

        ResendMessages.StartResendingEncryptedMessage read = request(
                "34-start_resending_encrypted_message-read.request.cbor",
                ResendMessages.StartResendingEncryptedMessage.class);
        ResendMessages.StartResendingEncryptedMessageReply rr = response(
                "35-start_resending_encrypted_message_reply.cbor",
                ResendMessages.StartResendingEncryptedMessageReply.class);
        assertThat(rr.queryId()).isEqualTo(read.queryId());
        assertThat(rr.errorCode()).isZero();
        BoxMessages.EncryptWrite written = request("11-encrypt_write.request.cbor",
                BoxMessages.EncryptWrite.class);
        assertThat(rr.plaintext()).isEqualTo(written.plaintext());
    }

    @Test
    void requestsTheDaemonRefusedOrIgnored() {
        // 50: an unknown variant: the daemon sent nothing back and kept the connection
        Requests.Unknown unknown = request("50-unknown-variant.request.cbor", Requests.Unknown.class);
        assertThat(unknown.key()).isEqualTo("no_such_request");
        assertThat(CODEC.encodeRequest(unknown)).isEqualTo(capture("50-unknown-variant.request.cbor"));
        // 58: a 100-byte read_cap: the daemon dropped the connection; we refuse it both ways
        assertThatThrownBy(() -> RequestDecoder.decode(capture("58-error-encrypt_read-wrong-length-read_cap.request.cbor")))
                .isInstanceOf(CborException.class).hasMessageContaining("read_cap");
        BoxMessages.EncryptRead good = request("13-encrypt_read.request.cbor",
                BoxMessages.EncryptRead.class);
        assertThatThrownBy(() -> CODEC.encodeRequest(new BoxMessages.EncryptRead(good.queryId(), new byte[100],
                good.messageBoxIndex()))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read_cap");
        // 44: the right length but not a curve point: well-formed on the wire (the daemon panicked, no reply)
        assertThat(request("44-error-encrypt_read-garbage-read_cap.request.cbor",
                BoxMessages.EncryptRead.class).readCap())
                .hasSize(WireSizes.READ_CAP);
    }

    @Test
    void sessionResume() {
        Responses.SessionTokenReply first = response("62-session_token_reply.cbor", Responses.SessionTokenReply.class);
        Responses.SessionTokenReply second = response("66-session_token_reply.cbor", Responses.SessionTokenReply.class);
        assertThat(first.resumed()).isFalse();
        assertThat(second.resumed()).isTrue();
        assertThat(second.appId()).isEqualTo(first.appId());
        assertThat(request("65-resume-second.request.cbor", Requests.SessionToken.class).clientInstanceToken())
                .isEqualTo(request("61-resume-first.request.cbor", Requests.SessionToken.class).clientInstanceToken());
        assertThat(CODEC.encodeRequest(new Requests.ThinClose())).isEqualTo(capture("67-thin_close.request.cbor"));
    }

    @Test
    void broadcastDocumentHasOtherBytesButTheSameContent() {
        byte[] first = response("02-new_pki_document_event.cbor", Responses.NewPkiDocumentFrame.class).payload();
        byte[] broadcast = response("36-new_pki_document_event.cbor", Responses.NewPkiDocumentFrame.class).payload();
        assertThat(broadcast).isNotEqualTo(first);
        assertThat(CborReader.decode(broadcast)).usingRecursiveComparison().isEqualTo(CborReader.decode(first));
    }
}
