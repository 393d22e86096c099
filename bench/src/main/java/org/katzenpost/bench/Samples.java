package org.katzenpost.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.katzenpost.testkit.pki.SyntheticPki;
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

/**
 * Benchmark inputs: one realistic value of every request and response kind, with the sizes kpclientd v0.0.99
 * uses on the testnet (write cap 168, read cap 136, index 104, ciphertext 2000, envelope descriptor ~200,
 * Sphinx payload 2574), and the three PKI documents.
 */
public final class Samples {
    private Samples() {}

    static byte[] fill(int n, int seed) {
        byte[] b = new byte[n];
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b[i] = (byte) x;
        }
        return b;
    }

    static byte[] qid(int s) {
        return fill(16, s);
    }

    static byte[] wcap(int s) {
        return fill(168, s);
    }

    static byte[] rcap(int s) {
        return fill(136, s);
    }

    static byte[] idx(int s) {
        return fill(104, s);
    }

    static byte[] hash(int s) {
        return fill(32, s);
    }

    public static final SphinxGeometry SPHINX = new SphinxGeometry(3082, 5, 476, 410, 82, 572, 2, 32, 2574, 2000,
            65, 48, "x25519", "");
    public static final PigeonholeGeometry PIGEONHOLE = new PigeonholeGeometry(1549, 1620, 1620, 1700, 1700,
            "CTIDH1024-X25519", "Ed25519");

    /** Every request kind (except Unknown), keyed by its wire name, in docs/protocol.md#requests order. */
    public static Map<String, Request> requests() {
        List<Request> l = new ArrayList<>();
        l.add(new Requests.SessionToken(fill(16, 1)));
        l.add(new Requests.ThinClose());
        l.add(new Requests.SendMessage(fill(16, 2), true, fill(16, 3), hash(4), "+echo".getBytes(), fill(2000, 5)));
        l.add(new BoxMessages.NewKeypair(qid(6), fill(32, 7)));
        l.add(new BoxMessages.EncryptRead(qid(8), rcap(9), idx(10)));
        l.add(new BoxMessages.EncryptWrite(qid(11), fill(1000, 12), wcap(13), idx(14)));
        l.add(new ResendMessages.StartResendingEncryptedMessage(qid(15), null, wcap(16), idx(17), null,
                fill(201, 18),
                fill(2000, 19), hash(20), false, false));
        l.add(new ResendMessages.CancelResendingEncryptedMessage(qid(21), hash(22)));
        l.add(new ResendMessages.StartResendingCopyCommand(qid(23), wcap(24), hash(25), "courier".getBytes()));
        l.add(new ResendMessages.CancelResendingCopyCommand(qid(26), hash(27)));
        l.add(new BoxMessages.NextMessageBoxIndex(qid(28), idx(29)));
        l.add(new BoxMessages.GetMessageBoxIndexCounter(qid(30), idx(31)));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromPayload(qid(32), fill(5000, 33), wcap(34),
                idx(35), true,
                true));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayload(qid(36),
                List.of(new EnvelopeDestination(fill(1000, 37), wcap(38), idx(39)),
                        new EnvelopeDestination(fill(1000, 40), wcap(41), idx(42))),
                true, true, null));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRange(qid(43), wcap(44), idx(45), 10, true,
                true, null));
        l.add(new Requests.GetPkiDocument(qid(46), 2494988L));
        l.add(new Requests.GetDirectoryAuthorities(qid(47)));
        l.add(new VoucherMessages.VoucherMint(qid(48), wcap(49), "Alice"));
        l.add(new VoucherMessages.VoucherInduct(qid(50), fill(32, 51), fill(300, 52), fill(64, 53)));
        l.add(new VoucherMessages.VoucherOpen(qid(54), fill(64, 55), fill(150, 56), wcap(57)));
        l.add(new VoucherMessages.VoucherDeriveStream(qid(58), fill(32, 59)));
        Map<String, Request> m = new LinkedHashMap<>();
        for (Request r : l) {
            m.put(r.wireKey(), r);
        }
        return m;
    }

    /** Every response kind (except Unknown), keyed by its wire name, in kpclientd's key order. */
    public static Map<String, Response> responses() {
        List<Response> l = new ArrayList<>();
        l.add(new Responses.SessionTokenReply(fill(16, 100), true));
        l.add(new Responses.ShutdownFrame());
        l.add(new Responses.ConnectionStatusFrame(true, fill(16, 101), SPHINX, PIGEONHOLE));
        l.add(new Responses.NewPkiDocumentFrame(testnetPkiDocument()));
        l.add(new Responses.MessageSentFrame(fill(16, 102), fill(16, 103), 1_764_000_000L, 1_500_000_000L, null));
        l.add(new Responses.MessageReplyFrame(fill(16, 104), fill(16, 105), fill(2574, 106), null, 0));
        l.add(new Responses.MessageIdGarbageCollected(fill(16, 107)));
        l.add(new BoxMessages.NewKeypairReply(qid(108), wcap(109), rcap(110), idx(111), 0));
        l.add(new BoxMessages.EncryptReadReply(qid(112), fill(2000, 113), fill(201, 114), hash(115), idx(116),
                0));
        l.add(new BoxMessages.EncryptWriteReply(qid(117), fill(2000, 118), fill(201, 119), hash(120), idx(121),
                0));
        l.add(new ResendMessages.StartResendingEncryptedMessageReply(qid(122), fill(1000, 123), 0, hash(124),
                "courier".getBytes()));
        l.add(new ResendMessages.CancelResendingEncryptedMessageReply(qid(125), 0));
        l.add(new ResendMessages.StartResendingCopyCommandReply(qid(126), 0, 0, 0));
        l.add(new ResendMessages.CancelResendingCopyCommandReply(qid(127), 0));
        l.add(new BoxMessages.NextMessageBoxIndexReply(qid(128), idx(129), 0));
        l.add(new BoxMessages.GetMessageBoxIndexCounterReply(qid(130), 42, 0));
        l.add(new Responses.GetPkiDocumentReply(qid(131), testnetPkiDocument(), 2494988L, 0));
        l.add(new Responses.GetDirectoryAuthoritiesReply(qid(132),
                SyntheticPki.builder().seed(7).build().directoryAuthorities(), 0));
        List<byte[]> envelopes = List.of(fill(1700, 133), fill(1700, 134), fill(1700, 135), fill(1700, 136));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromPayloadReply(qid(137), envelopes, idx(138), 0));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayloadReply(qid(139), envelopes, fill(100,
                140),
                List.of(idx(141), idx(142)), 0));
        l.add(new CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRangeReply(qid(143), envelopes, null,
                idx(144),
                0));
        l.add(new VoucherMessages.VoucherMintReply(qid(145), fill(32, 146), fill(300, 147), wcap(148), rcap(149),
                fill(64, 150), fill(32, 151), 0));
        l.add(new VoucherMessages.VoucherInductReply(qid(152), "Alice", rcap(153), fill(150, 154), wcap(155),
                rcap(156),
                fill(32, 157), 0));
        l.add(new VoucherMessages.VoucherOpenReply(qid(158), fill(64, 159), fill(32, 160), wcap(161), 0));
        l.add(new VoucherMessages.VoucherDeriveStreamReply(qid(162), wcap(163), rcap(164), 0));
        Map<String, Response> m = new LinkedHashMap<>();
        for (Response r : l) {
            m.put(r.wireKey(), r);
        }
        return m;
    }

    private static volatile byte[] testnetDoc;

    /** The stripped PKI document kpclientd v0.0.99 broadcast on the local testnet (13,666 bytes, 9 nodes). */
    public static byte[] testnetPkiDocument() {
        byte[] d = testnetDoc;
        if (d == null) {
            d = resource("/bench/testnet-v0.0.99-pki-document.cbor");
            testnetDoc = d;
        }
        return d;
    }

    /** The testkit simulator's default document (3 layers x 2 mixes, 1 gateway, 1 service node, 2 replicas). */
    public static byte[] testkitPkiDocument() {
        return SyntheticPki.builder().seed(1).epoch(1000).build().strippedDocument();
    }

    /**
     * A 100-node document: 3 layers x 30 mixes, 4 gateways, 3 service nodes and 3 storage replicas, with the
     * testnet's key sizes (xwing link keys of 1216 bytes).
     */
    public static byte[] synthetic100PkiDocument() {
        return SyntheticPki.builder().seed(100).epoch(1000).layers(3).mixesPerLayer(30).gateways(4)
                .serviceNodes(3, "echo", "+echo", "courier", "courier").replicas(3).build().strippedDocument();
    }

    public static byte[] pkiDocument(String which) {
        switch (which) {
            case "testkit": return testkitPkiDocument();
            case "testnet": return testnetPkiDocument();
            case "synthetic100": return synthetic100PkiDocument();
            default: throw new IllegalArgumentException("unknown PKI document " + which);
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = Samples.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
