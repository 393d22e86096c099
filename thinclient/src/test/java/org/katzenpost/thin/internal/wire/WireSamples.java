package org.katzenpost.thin.internal.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.SphinxGeometry;
import org.katzenpost.thin.internal.wire.CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayload.EnvelopeDestination;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.Responses.Response;

/** Deterministic sample values of every request and response variant, for the codec tests. */
final class WireSamples {
    private WireSamples() {}

    /** {@code n} bytes {@code seed, seed+1, …}: distinct per field, so a swapped field shows up. */
    static byte[] b(int n, int seed) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (seed + i);
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

    /** One sample of every request variant (Unknown excluded), fully populated. */
    static List<Request> requests() {
        List<Request> l = new ArrayList<>();
        l.add(new Requests.SessionToken(b(16, 1)));
        l.add(new Requests.ThinClose());
        l.add(new Requests.SendMessage(b(16, 2), true, b(16, 3), hash(4), "+courier".getBytes(), b(2000, 5)));
        l.add(new BoxMessages.NewKeypair(qid(6), b(32, 7)));
        l.add(new BoxMessages.EncryptRead(qid(8), rcap(9), idx(10)));
        l.add(new BoxMessages.EncryptWrite(qid(11), b(100, 12), wcap(13), idx(14)));
        l.add(new ResendMessages.StartResendingEncryptedMessage(qid(15), rcap(16), null, idx(17), 1, b(90, 18),
                b(1620, 19), hash(20), true, true));
        l.add(new ResendMessages.CancelResendingEncryptedMessage(qid(21), hash(22)));
        l.add(new ResendMessages.StartResendingCopyCommand(qid(23), wcap(24), hash(25), "courier".getBytes()));
        l.add(new ResendMessages.CancelResendingCopyCommand(qid(26), hash(27)));
        l.add(new BoxMessages.NextMessageBoxIndex(qid(28), idx(29)));
        l.add(new BoxMessages.GetMessageBoxIndexCounter(qid(30), idx(31)));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromPayload(qid(32), b(5000, 33), wcap(34), idx(35),
                true,
                false));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayload(qid(36),
                List.of(new EnvelopeDestination(b(10, 37), wcap(38), idx(39)),
                        new EnvelopeDestination(new byte[0], wcap(40), idx(41))),
                false, true, b(7, 42)));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRange(qid(43), wcap(44), idx(45),
                0xFFFF_FFFFL,
                true,
                true, null));
        l.add(new Requests.GetPkiDocument(qid(46), -1L)); // uint64 max
        l.add(new Requests.GetDirectoryAuthorities(qid(47)));
        l.add(new VoucherMessages.VoucherMint(qid(48), wcap(49), "Alice ✓"));
        l.add(new VoucherMessages.VoucherInduct(qid(50), b(32, 51), b(300, 52), b(5, 53)));
        l.add(new VoucherMessages.VoucherOpen(qid(54), b(200, 55), b(150, 56), wcap(57)));
        l.add(new VoucherMessages.VoucherDeriveStream(qid(58), b(32, 59)));
        return l;
    }

    /** Requests with every nullable field null and flags at their zero values. */
    static List<Request> sparseRequests() {
        List<Request> l = new ArrayList<>();
        l.add(new Requests.SessionToken(null));
        l.add(new Requests.SendMessage(null, false, null, hash(1), b(1, 2), new byte[0]));
        l.add(new BoxMessages.NewKeypair(qid(3), null));
        l.add(new BoxMessages.EncryptWrite(qid(4), new byte[0], wcap(5), idx(6))); // tombstone: empty, not null
        l.add(new ResendMessages.StartResendingEncryptedMessage(qid(7), null, wcap(8), null, null, b(3, 9),
        b(3, 10),
                hash(11), false, false));
        l.add(new ResendMessages.StartResendingCopyCommand(qid(12), wcap(13), null, null));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayload(qid(14), List.of(), false, false,
                null));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRange(qid(15), wcap(16), idx(17), 0, false,
                false,
                new byte[0]));
        l.add(new Requests.GetPkiDocument(qid(18), 0));
        l.add(new VoucherMessages.VoucherMint(qid(19), wcap(20), ""));
        l.add(new Requests.GetDirectoryAuthorities(null));
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

    /** One sample of every response variant (Unknown excluded), fully populated. */
    static List<Response> responses() {
        List<Response> l = new ArrayList<>();
        l.add(new Responses.SessionTokenReply(b(16, 1), true));
        l.add(new Responses.ShutdownFrame());
        l.add(new Responses.ConnectionStatusFrame(true, b(16, 2), SPHINX, PIGEONHOLE));
        l.add(new Responses.NewPkiDocumentFrame(b(4000, 3)));
        l.add(new Responses.MessageSentFrame(b(16, 4), b(16, 5), 1_752_000_000L, -1_500_000_000L, "send failed"));
        l.add(new Responses.MessageReplyFrame(b(16, 6), b(16, 7), b(2000, 8), 1, 0));
        l.add(new Responses.MessageIdGarbageCollected(b(16, 9)));
        l.add(new BoxMessages.NewKeypairReply(qid(10), wcap(11), rcap(12), idx(13), 0));
        l.add(new BoxMessages.EncryptReadReply(qid(14), b(1620, 15), b(90, 16), hash(17), idx(18), 0));
        l.add(new BoxMessages.EncryptWriteReply(qid(19), b(1620, 20), b(90, 21), hash(22), idx(23), 0));
        l.add(new ResendMessages.StartResendingEncryptedMessageReply(qid(24), b(1553, 25), 0, hash(26),
                "courier".getBytes()));
        l.add(new ResendMessages.CancelResendingEncryptedMessageReply(qid(27), 0));
        l.add(new ResendMessages.StartResendingCopyCommandReply(qid(28), 26, 1, -1L));
        l.add(new ResendMessages.CancelResendingCopyCommandReply(qid(29), 0));
        l.add(new BoxMessages.NextMessageBoxIndexReply(qid(30), idx(31), 0));
        l.add(new BoxMessages.GetMessageBoxIndexCounterReply(qid(32), 0x8000_0000_0000_0001L, 0));
        l.add(new Responses.GetPkiDocumentReply(qid(33), b(6000, 34), 123_456L, 0));
        l.add(new Responses.GetDirectoryAuthoritiesReply(qid(35),
                List.of(authority("auth1.example", 36), authority("auth2.example", 37)), 0));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromPayloadReply(qid(38), List.of(b(1553, 39),
                b(1553, 40)),
                idx(41), 0));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayloadReply(qid(42), List.of(b(1553, 43)),
                b(77, 44),
                List.of(idx(45), idx(46)), 0));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRangeReply(qid(47), List.of(), b(3, 48),
                idx(49),
                0));
        l.add(new VoucherMessages.VoucherMintReply(qid(50), b(32, 51), b(400, 52), wcap(53), rcap(54), b(200, 55),
                b(160, 56), 0));
        l.add(new VoucherMessages.VoucherInductReply(qid(57), "Bob", rcap(58), b(300, 59), wcap(60), rcap(61),
                b(32, 62), 0));
        l.add(new VoucherMessages.VoucherOpenReply(qid(63), b(20, 64), b(32, 65), wcap(66), 0));
        l.add(new VoucherMessages.VoucherDeriveStreamReply(qid(67), wcap(68), rcap(69), 0));
        return l;
    }

    /** Error-style replies: the daemon's shape on failure (query id and code, everything else null/0). */
    static List<Response> errorResponses() {
        List<Response> l = new ArrayList<>();
        l.add(new Responses.ConnectionStatusFrame(false, null, null, null));
        l.add(new Responses.NewPkiDocumentFrame(null));
        l.add(new Responses.NewPkiDocumentFrame(new byte[0]));
        l.add(new Responses.MessageSentFrame(null, null, 0, 0, null));
        l.add(new Responses.MessageReplyFrame(null, b(16, 1), null, null, 0));
        l.add(new BoxMessages.NewKeypairReply(qid(2), null, null, null, 3));
        l.add(new BoxMessages.EncryptReadReply(qid(3), null, null, null, null, 4));
        l.add(new BoxMessages.EncryptWriteReply(qid(4), null, null, null, null, 3));
        l.add(new ResendMessages.StartResendingEncryptedMessageReply(qid(5), null, 24, null, null));
        l.add(new ResendMessages.StartResendingCopyCommandReply(qid(6), 24, 0, 0));
        l.add(new BoxMessages.NextMessageBoxIndexReply(null, null, 3));
        l.add(new BoxMessages.GetMessageBoxIndexCounterReply(qid(7), 0, 3));
        l.add(new Responses.GetPkiDocumentReply(qid(8), null, 99, 10));
        l.add(new Responses.GetDirectoryAuthoritiesReply(qid(9), null, 10));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromPayloadReply(qid(10), null, null, 3));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayloadReply(qid(11), null, null, null, 3));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRangeReply(qid(12), null, null, null, 4));
        l.add(new VoucherMessages.VoucherMintReply(qid(13), null, null, null, null, null, null, 3));
        l.add(new VoucherMessages.VoucherInductReply(qid(14), null, null, null, null, null, null, 28));
        l.add(new VoucherMessages.VoucherOpenReply(qid(15), null, null, null, 30));
        l.add(new VoucherMessages.VoucherDeriveStreamReply(qid(16), null, null, 3));
        l.add(new Responses.SessionTokenReply(null, false));
        return l;
    }
}
