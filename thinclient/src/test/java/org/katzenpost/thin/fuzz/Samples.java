package org.katzenpost.thin.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.SphinxGeometry;
import org.katzenpost.thin.internal.wire.BoxMessages;
import org.katzenpost.thin.internal.wire.CourierEnvelopeMessages;
import org.katzenpost.thin.internal.wire.CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayload.EnvelopeDestination;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.ResendMessages;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.internal.wire.Responses.Response;
import org.katzenpost.thin.internal.wire.VoucherMessages;
import org.katzenpost.thin.internal.wire.WireSizes;

/**
 * Valid frames of every request and response kind, for the seed corpora and the mutation properties. Payloads
 * are kept short (a fuzzer mutates small inputs faster); the real captures in the corpus supply the large ones.
 */
public final class Samples {
    private Samples() {}

    static byte[] b(int n, int seed) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (seed * 7 + i);
        }
        return out;
    }

    static byte[] qid(int seed) {
        return b(WireSizes.QUERY_ID, seed);
    }

    static byte[] wcap(int seed) {
        return b(WireSizes.WRITE_CAP, seed);
    }

    static byte[] rcap(int seed) {
        return b(WireSizes.READ_CAP, seed);
    }

    static byte[] idx(int seed) {
        return b(WireSizes.MESSAGE_BOX_INDEX, seed);
    }

    static byte[] hash(int seed) {
        return b(WireSizes.HASH, seed);
    }

    static final SphinxGeometry SPHINX = new SphinxGeometry(3082, 5, 476, 410, 82, 572, 2, 32, 2574, 2000, 65, 48,
            "x25519", "");
    static final PigeonholeGeometry PIGEONHOLE = new PigeonholeGeometry(1553, 1620, 1620, 1700, 1700,
            "CTIDH1024-X25519", "Ed25519");

    /** Every request kind (21), fully populated, then sparse variants with nulls and zero flags. */
    public static List<Request> requests() {
        List<Request> l = new ArrayList<>();
        l.add(new Requests.SessionToken(b(16, 1)));
        l.add(new Requests.ThinClose());
        l.add(new Requests.SendMessage(b(16, 2), true, b(16, 3), hash(4), "+echo".getBytes(), b(40, 5)));
        l.add(new BoxMessages.NewKeypair(qid(6), b(32, 7)));
        l.add(new BoxMessages.EncryptRead(qid(8), rcap(9), idx(10)));
        l.add(new BoxMessages.EncryptWrite(qid(11), b(20, 12), wcap(13), idx(14)));
        l.add(new ResendMessages.StartResendingEncryptedMessage(qid(15), rcap(16), null, idx(17), 1, b(30, 18),
                b(50, 19), hash(20), true, true));
        l.add(new ResendMessages.CancelResendingEncryptedMessage(qid(21), hash(22)));
        l.add(new ResendMessages.StartResendingCopyCommand(qid(23), wcap(24), hash(25), "courier".getBytes()));
        l.add(new ResendMessages.CancelResendingCopyCommand(qid(26), hash(27)));
        l.add(new BoxMessages.NextMessageBoxIndex(qid(28), idx(29)));
        l.add(new BoxMessages.GetMessageBoxIndexCounter(qid(30), idx(31)));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromPayload(qid(32), b(60, 33), wcap(34), idx(35), true,
                false));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayload(qid(36),
                List.of(new EnvelopeDestination(b(10, 37), wcap(38), idx(39)),
                        new EnvelopeDestination(new byte[0], wcap(40), idx(41))),
                false, true, b(7, 42)));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRange(qid(43), wcap(44), idx(45),
                0xFFFF_FFFFL,
                true,
                true, null));
        l.add(new Requests.GetPkiDocument(qid(46), -1L));
        l.add(new Requests.GetDirectoryAuthorities(qid(47)));
        l.add(new VoucherMessages.VoucherMint(qid(48), wcap(49), "Alice \u2713 \uD83D\uDC31"));
        l.add(new VoucherMessages.VoucherInduct(qid(50), b(32, 51), b(30, 52), b(5, 53)));
        l.add(new VoucherMessages.VoucherOpen(qid(54), b(20, 55), b(15, 56), wcap(57)));
        l.add(new VoucherMessages.VoucherDeriveStream(qid(58), b(32, 59)));
        // sparse
        l.add(new Requests.SessionToken(null));
        l.add(new Requests.SendMessage(null, false, null, hash(61), b(1, 62), new byte[0]));
        l.add(new BoxMessages.EncryptWrite(qid(63), new byte[0], wcap(64), idx(65)));
        l.add(new ResendMessages.StartResendingEncryptedMessage(qid(66), null, wcap(67), null, null, b(3, 68),
                b(3, 69),
                hash(70), false, false));
        l.add(new ResendMessages.StartResendingCopyCommand(qid(71), wcap(72), null, null));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayload(qid(73), List.of(), false, false,
                null));
        l.add(new Requests.GetPkiDocument(qid(74), 0));
        l.add(new Requests.Unknown("future_request", Map.of("query_id", qid(75))));
        return l;
    }

    static Map<Object, Object> authority(String name, int seed) {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put("identifier", name);
        m.put("pki_signature_scheme", "Ed25519 Sphincs+");
        m.put("wire_kem_scheme", "Xwing");
        m.put("addresses", List.of("tcp://127.0.0.1:30001", "quic://[::1]:30001"));
        m.put("identity_public_key_pem", "-----BEGIN ED25519 PUBLIC KEY-----\n...\n");
        m.put("link_public_key_pem", "");
        m.put("identity_key_hash", b(32, seed));
        return m;
    }

    /** Every response kind (25), fully populated, then error-shaped replies and an unknown variant. */
    public static List<Response> responses() {
        List<Response> l = new ArrayList<>();
        l.add(new Responses.SessionTokenReply(b(16, 1), true));
        l.add(new Responses.ShutdownFrame());
        l.add(new Responses.ConnectionStatusFrame(true, b(16, 2), SPHINX, PIGEONHOLE));
        l.add(new Responses.NewPkiDocumentFrame(b(40, 3)));
        l.add(new Responses.MessageSentFrame(b(16, 4), b(16, 5), 1_752_000_000L, -1_500_000_000L, "send failed"));
        l.add(new Responses.MessageReplyFrame(b(16, 6), b(16, 7), b(20, 8), 1, 0));
        l.add(new Responses.MessageIdGarbageCollected(b(16, 9)));
        l.add(new BoxMessages.NewKeypairReply(qid(10), wcap(11), rcap(12), idx(13), 0));
        l.add(new BoxMessages.EncryptReadReply(qid(14), b(50, 15), b(30, 16), hash(17), idx(18), 0));
        l.add(new BoxMessages.EncryptWriteReply(qid(19), b(50, 20), b(30, 21), hash(22), idx(23), 0));
        l.add(new ResendMessages.StartResendingEncryptedMessageReply(qid(24), b(25, 25), 0, hash(26),
                "courier".getBytes()));
        l.add(new ResendMessages.CancelResendingEncryptedMessageReply(qid(27), 0));
        l.add(new ResendMessages.StartResendingCopyCommandReply(qid(28), 26, 1, -1L));
        l.add(new ResendMessages.CancelResendingCopyCommandReply(qid(29), 0));
        l.add(new BoxMessages.NextMessageBoxIndexReply(qid(30), idx(31), 0));
        l.add(new BoxMessages.GetMessageBoxIndexCounterReply(qid(32), 0x8000_0000_0000_0001L, 0));
        l.add(new Responses.GetPkiDocumentReply(qid(33), b(60, 34), 123_456L, 0));
        l.add(new Responses.GetDirectoryAuthoritiesReply(qid(35),
                List.of(authority("auth1.example", 36), authority("auth2.example", 37)), 0));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromPayloadReply(qid(38), List.of(b(30, 39), b(30, 40)),
                idx(41), 0));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayloadReply(qid(42), List.of(b(30, 43)),
                b(17, 44),
                List.of(idx(45), idx(46)), 0));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRangeReply(qid(47), List.of(), b(3, 48),
                idx(49),
                0));
        l.add(new VoucherMessages.VoucherMintReply(qid(50), b(32, 51), b(40, 52), wcap(53), rcap(54), b(20, 55),
                b(16, 56), 0));
        l.add(new VoucherMessages.VoucherInductReply(qid(57), "Bob \uD83D\uDC36", rcap(58), b(30, 59), wcap(60),
                rcap(61), b(32, 62), 0));
        l.add(new VoucherMessages.VoucherOpenReply(qid(63), b(20, 64), b(32, 65), wcap(66), 0));
        l.add(new VoucherMessages.VoucherDeriveStreamReply(qid(67), wcap(68), rcap(69), 0));
        // error-shaped
        l.add(new Responses.ConnectionStatusFrame(false, null, null, null));
        l.add(new Responses.NewPkiDocumentFrame(new byte[0]));
        l.add(new Responses.MessageReplyFrame(null, b(16, 70), null, null, 0));
        l.add(new BoxMessages.EncryptReadReply(qid(71), null, null, null, null, 4));
        l.add(new Responses.GetPkiDocumentReply(qid(72), null, 99, 10));
        l.add(new Responses.GetDirectoryAuthoritiesReply(qid(73), null, 10));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayloadReply(qid(74), null, null, null, 3));
        l.add(new VoucherMessages.VoucherInductReply(qid(75), null, null, null, null, null, null, 28));
        Map<Object, Object> unknown = new LinkedHashMap<>();
        unknown.put("query_id", qid(76));
        unknown.put("answer", 42L);
        unknown.put("nested", List.of("a", Map.of("b", true)));
        l.add(new Responses.Unknown("future_reply", unknown));
        return l;
    }
}
