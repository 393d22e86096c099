package org.katzenpost.thin.property;

import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.SphinxGeometry;
import org.katzenpost.thin.internal.cbor.CborSimple;
import org.katzenpost.thin.internal.cbor.CborTagged;
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
import org.katzenpost.thin.pki.ByteKey;

/**
 * jqwik generators: every request and response kind with arbitrary valid field values (fixed-size fields at
 * their size or null, blobs of any small length, full uint64/int ranges, text with non-BMP characters), and
 * generic CBOR values in {@link org.katzenpost.thin.internal.cbor.CborReader#readValue()}'s data model.
 */
final class Gen {
    private Gen() {}

    // ---- building blocks ----

    static Arbitrary<byte[]> bytes(int size) {
        return Arbitraries.bytes().array(byte[].class).ofSize(size);
    }

    static Arbitrary<byte[]> fixedOrNull(int size) {
        return bytes(size).injectNull(0.15);
    }

    static Arbitrary<byte[]> blob() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(64);
    }

    static Arbitrary<byte[]> blobOrNull() {
        return blob().injectNull(0.15);
    }

    /** 1 to 32 bytes: a recipient or courier queue id. */
    static Arbitrary<byte[]> queueIdOrNull() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(WireSizes.RECIPIENT_QUEUE_ID_MAX)
                .injectNull(0.15);
    }

    static Arbitrary<byte[]> qid() {
        return bytes(WireSizes.QUERY_ID);
    }

    static Arbitrary<Integer> uint8() {
        return Arbitraries.integers().between(0, 255);
    }

    /** Any code point but the surrogates, weighted towards ASCII, with the supplementary planes well represented. */
    static Arbitrary<String> text() {
        Arbitrary<Integer> cp = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0x20, 0x7E)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 0x1F)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x80, 0xD7FF)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0x10000, 0x10FFFF)));
        return cp.list().ofMaxSize(24).map(l -> {
            StringBuilder sb = new StringBuilder();
            l.forEach(sb::appendCodePoint);
            return sb.toString();
        });
    }

    static Arbitrary<String> nonEmptyText() {
        return text().filter(s -> !s.isEmpty());
    }

    // ---- requests ----

    static Arbitrary<Request> request() {
        return Arbitraries.oneOf(List.of(
                fixedOrNull(WireSizes.TOKEN).map(Requests.SessionToken::new),
                Arbitraries.just(new Requests.ThinClose()),
                Combinators.combine(fixedOrNull(WireSizes.MESSAGE_ID), Arbitraries.of(true, false),
                        fixedOrNull(WireSizes.SURB_ID), fixedOrNull(WireSizes.HASH), queueIdOrNull(), blobOrNull())
                        .as(Requests.SendMessage::new),
                Combinators.combine(qid(), blobOrNull()).as(BoxMessages.NewKeypair::new),
                Combinators.combine(qid(), fixedOrNull(WireSizes.READ_CAP), fixedOrNull(WireSizes.MESSAGE_BOX_INDEX))
                        .as(BoxMessages.EncryptRead::new),
                Combinators.combine(qid(), blobOrNull(), fixedOrNull(WireSizes.WRITE_CAP),
                        fixedOrNull(WireSizes.MESSAGE_BOX_INDEX)).as(BoxMessages.EncryptWrite::new),
                Combinators.combine(qid(), Arbitraries.of(true, false), bytes(WireSizes.READ_CAP),
                        bytes(WireSizes.WRITE_CAP), fixedOrNull(WireSizes.MESSAGE_BOX_INDEX),
                        uint8().injectNull(0.3), blobOrNull(), blobOrNull())
                        .flatAs((q, read, rc, wc, idx, reply, desc, ct) -> Combinators.combine(
                                fixedOrNull(WireSizes.HASH), Arbitraries.of(true, false), Arbitraries.of(true, false))
                                .as((h, a, b) -> (Request) new ResendMessages.StartResendingEncryptedMessage(q,
                                        read ? rc : null, read ? null : wc, idx, reply, desc, ct, h, a, b))),
                Combinators.combine(qid(), fixedOrNull(WireSizes.HASH))
                        .as(ResendMessages.CancelResendingEncryptedMessage::new),
                Combinators.combine(qid(), fixedOrNull(WireSizes.WRITE_CAP), fixedOrNull(WireSizes.HASH),
                        queueIdOrNull()).as(ResendMessages.StartResendingCopyCommand::new),
                Combinators.combine(qid(),
                fixedOrNull(WireSizes.HASH)).as(ResendMessages.CancelResendingCopyCommand::new),
                Combinators.combine(qid(), fixedOrNull(WireSizes.MESSAGE_BOX_INDEX))
                        .as(BoxMessages.NextMessageBoxIndex::new),
                Combinators.combine(qid(), fixedOrNull(WireSizes.MESSAGE_BOX_INDEX))
                        .as(BoxMessages.GetMessageBoxIndexCounter::new),
                Combinators.combine(qid(), blobOrNull(), fixedOrNull(WireSizes.WRITE_CAP),
                        fixedOrNull(WireSizes.MESSAGE_BOX_INDEX), Arbitraries.of(true, false),
                        Arbitraries.of(true, false)).as(CourierEnvelopeMessages.CreateCourierEnvelopesFromPayload::new),
                Combinators.combine(qid(), destinations(), Arbitraries.of(true, false), Arbitraries.of(true, false),
                        blobOrNull()).as(CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayload::new),
                Combinators.combine(qid(), fixedOrNull(WireSizes.WRITE_CAP), fixedOrNull(WireSizes.MESSAGE_BOX_INDEX),
                        Arbitraries.longs().between(0, WireSizes.MAX_COUNT_MAX), Arbitraries.of(true, false),
                        Arbitraries.of(true, false), blobOrNull())
                        .as(CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRange::new),
                Combinators.combine(qid(), Arbitraries.longs()).as(Requests.GetPkiDocument::new),
                qid().injectNull(0.1).map(Requests.GetDirectoryAuthorities::new),
                Combinators.combine(qid(), fixedOrNull(WireSizes.WRITE_CAP), text().injectNull(0.15))
                        .as(VoucherMessages.VoucherMint::new),
                Combinators.combine(qid(), fixedOrNull(WireSizes.VOUCHER), blobOrNull(), blobOrNull())
                        .as(VoucherMessages.VoucherInduct::new),
                Combinators.combine(qid(), blobOrNull(), blobOrNull(), fixedOrNull(WireSizes.WRITE_CAP))
                        .as(VoucherMessages.VoucherOpen::new),
                Combinators.combine(qid(),
                fixedOrNull(WireSizes.VOUCHER)).as(VoucherMessages.VoucherDeriveStream::new),
                Combinators.combine(unknownKey(), genericMap(2)).as(Requests.Unknown::new)));
    }

    private static Arbitrary<List<EnvelopeDestination>> destinations() {
        Arbitrary<EnvelopeDestination> d = Combinators.combine(blobOrNull(), fixedOrNull(WireSizes.WRITE_CAP),
                fixedOrNull(WireSizes.MESSAGE_BOX_INDEX)).as(EnvelopeDestination::new).injectNull(0.1);
        return d.list().ofMaxSize(4).injectNull(0.15);
    }

    /** A variant key no codec knows. */
    static Arbitrary<String> unknownKey() {
        return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12).map(s -> "future_" + s);
    }

    // ---- responses ----

    static Arbitrary<Response> response() {
        Arbitrary<Integer> any = Arbitraries.integers();
        Arbitrary<SphinxGeometry> sphinx = Combinators.combine(any.list().ofSize(12), text().injectNull(0.2),
                text().injectNull(0.2)).as((i, nike, kem) -> new SphinxGeometry(i.get(0), i.get(1), i.get(2),
                        i.get(3), i.get(4), i.get(5), i.get(6), i.get(7), i.get(8), i.get(9), i.get(10), i.get(11),
                        nike, kem));
        Arbitrary<PigeonholeGeometry> pigeonhole = Combinators.combine(any.list().ofSize(5), text().injectNull(0.2),
                text().injectNull(0.2)).as((i, nike, sig) -> new PigeonholeGeometry(i.get(0), i.get(1), i.get(2),
                        i.get(3), i.get(4), nike, sig));
        Arbitrary<List<byte[]>> envelopes = blob().list().ofMaxSize(4).injectNull(0.15);
        Arbitrary<List<byte[]>> indices = bytes(WireSizes.MESSAGE_BOX_INDEX).list().ofMaxSize(3).injectNull(0.15);
        Arbitrary<byte[]> q = qid().injectNull(0.05);
        return Arbitraries.oneOf(List.of(
                Combinators.combine(fixedOrNull(WireSizes.TOKEN), Arbitraries.of(true, false))
                        .as(Responses.SessionTokenReply::new),
                Arbitraries.just(new Responses.ShutdownFrame()),
                Combinators.combine(Arbitraries.of(true, false), fixedOrNull(WireSizes.TOKEN),
                        sphinx.injectNull(0.3), pigeonhole.injectNull(0.3)).as(Responses.ConnectionStatusFrame::new),
                blobOrNull().map(Responses.NewPkiDocumentFrame::new),
                Combinators.combine(fixedOrNull(WireSizes.MESSAGE_ID), fixedOrNull(WireSizes.SURB_ID),
                        // sent_at: the seconds an Instant holds (the decoder refuses the others)
                        Arbitraries.longs().between(java.time.Instant.MIN.getEpochSecond(),
                                java.time.Instant.MAX.getEpochSecond()),
                        Arbitraries.longs(), nonEmptyText().injectNull(0.5))
                        .as(Responses.MessageSentFrame::new),
                Combinators.combine(fixedOrNull(WireSizes.MESSAGE_ID), fixedOrNull(WireSizes.SURB_ID), blobOrNull(),
                        uint8().injectNull(0.3), uint8()).as(Responses.MessageReplyFrame::new),
                fixedOrNull(WireSizes.MESSAGE_ID).map(Responses.MessageIdGarbageCollected::new),
                Combinators.combine(q, fixedOrNull(WireSizes.WRITE_CAP), fixedOrNull(WireSizes.READ_CAP),
                        fixedOrNull(WireSizes.MESSAGE_BOX_INDEX), uint8()).as(BoxMessages.NewKeypairReply::new),
                Combinators.combine(q, blobOrNull(), blobOrNull(), fixedOrNull(WireSizes.HASH),
                        fixedOrNull(WireSizes.MESSAGE_BOX_INDEX),
                        uint8()).as(BoxMessages.EncryptReadReply::new),
                Combinators.combine(q, blobOrNull(), blobOrNull(), fixedOrNull(WireSizes.HASH),
                        fixedOrNull(WireSizes.MESSAGE_BOX_INDEX),
                        uint8()).as(BoxMessages.EncryptWriteReply::new),
                Combinators.combine(q, blobOrNull(), uint8(), fixedOrNull(WireSizes.HASH), blobOrNull())
                        .as(ResendMessages.StartResendingEncryptedMessageReply::new),
                Combinators.combine(q, uint8()).as(ResendMessages.CancelResendingEncryptedMessageReply::new),
                Combinators.combine(q, uint8(), uint8(), Arbitraries.longs())
                        .as(ResendMessages.StartResendingCopyCommandReply::new),
                Combinators.combine(q, uint8()).as(ResendMessages.CancelResendingCopyCommandReply::new),
                Combinators.combine(q, fixedOrNull(WireSizes.MESSAGE_BOX_INDEX), uint8())
                        .as(BoxMessages.NextMessageBoxIndexReply::new),
                Combinators.combine(q, Arbitraries.longs(),
                uint8()).as(BoxMessages.GetMessageBoxIndexCounterReply::new),
                Combinators.combine(q, blobOrNull(), Arbitraries.longs(), uint8())
                        .as(Responses.GetPkiDocumentReply::new),
                Combinators.combine(q, authorities(), uint8()).as(Responses.GetDirectoryAuthoritiesReply::new),
                Combinators.combine(q, envelopes, fixedOrNull(WireSizes.MESSAGE_BOX_INDEX), uint8())
                        .as(CourierEnvelopeMessages.CreateCourierEnvelopesFromPayloadReply::new),
                Combinators.combine(q, envelopes, blobOrNull(), indices, uint8())
                        .as(CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayloadReply::new),
                Combinators.combine(q, envelopes, blobOrNull(), fixedOrNull(WireSizes.MESSAGE_BOX_INDEX), uint8())
                        .as(CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRangeReply::new),
                Combinators.combine(q, fixedOrNull(WireSizes.VOUCHER), blobOrNull(), fixedOrNull(WireSizes.WRITE_CAP),
                        fixedOrNull(WireSizes.READ_CAP), blobOrNull(), blobOrNull(), uint8())
                        .as(VoucherMessages.VoucherMintReply::new),
                Combinators.combine(q, text().injectNull(0.2), fixedOrNull(WireSizes.READ_CAP), blobOrNull(),
                        fixedOrNull(WireSizes.WRITE_CAP), fixedOrNull(WireSizes.READ_CAP), fixedOrNull(WireSizes.SALT),
                        uint8()).as(VoucherMessages.VoucherInductReply::new),
                Combinators.combine(q, blobOrNull(), fixedOrNull(WireSizes.SALT), fixedOrNull(WireSizes.WRITE_CAP),
                        uint8()).as(VoucherMessages.VoucherOpenReply::new),
                Combinators.combine(q, fixedOrNull(WireSizes.WRITE_CAP), fixedOrNull(WireSizes.READ_CAP), uint8())
                        .as(VoucherMessages.VoucherDeriveStreamReply::new),
                Combinators.combine(unknownKey(), genericMap(2)).as(Responses.Unknown::new)));
    }

    private static Arbitrary<List<Map<Object, Object>>> authorities() {
        return genericMap(2).list().ofMaxSize(3).injectNull(0.15);
    }

    // ---- generic values ----

    static final double[] SPECIAL_DOUBLES = {
        0.0, -0.0, 1.0, -2.0, 0.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        65504.0, 65505.0, 65520.0, // largest half, just above, rounds to half infinity
        6.103515625e-5, 6.097555160522461e-5, // smallest normal half, largest subnormal half
        5.960464477539063e-8, 2.9802322387695312e-8, // smallest subnormal half, half of it
        1.0009765625, 3.4028234663852886e38, 1.401298464324817e-45, Double.MIN_VALUE, Double.MAX_VALUE,
        Double.MIN_NORMAL, Double.longBitsToDouble(0x7FF0000000000001L), // a signalling NaN payload
    };

    static Arbitrary<Object> scalar() {
        BigInteger two64 = BigInteger.ONE.shiftLeft(64);
        return Arbitraries.oneOf(List.of(
                Arbitraries.longs().map(x -> (Object) x),
                Arbitraries.longs().between(-30, 30).map(x -> (Object) x),
                Arbitraries.bigIntegers().between(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE),
                        two64.subtract(BigInteger.ONE)).map(x -> (Object) x),
                Arbitraries.bigIntegers().between(two64.negate(), BigInteger.valueOf(Long.MIN_VALUE).subtract(
                        BigInteger.ONE)).map(x -> (Object) x),
                Arbitraries.doubles().map(x -> (Object) x),
                Arbitraries.integers().between(0, SPECIAL_DOUBLES.length - 1).map(i -> (Object) SPECIAL_DOUBLES[i]),
                Arbitraries.of(true, false).map(x -> (Object) x),
                Arbitraries.just(null),
                blob().map(x -> (Object) x),
                text().map(x -> (Object) x),
                Arbitraries.integers().between(0, 255).filter(v -> v < 20 || v >= 32)
                        .map(v -> (Object) new CborSimple(v))));
    }

    /** A byte-string, text, integer or float map key. */
    static Arbitrary<Object> key() {
        return Arbitraries.oneOf(List.of(
                text().map(x -> (Object) x),
                blob().map(b -> (Object) ByteKey.of(b)),
                Arbitraries.longs().map(x -> (Object) x),
                Arbitraries.doubles().map(x -> (Object) x)));
    }

    /** Any generic value, nested up to {@code depth} containers deep. */
    static Arbitrary<Object> value(int depth) {
        if (depth == 0) {
            return scalar();
        }
        Arbitrary<Object> inner = Arbitraries.lazy(() -> value(depth - 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, scalar()),
                net.jqwik.api.Tuple.of(2, inner.list().ofMaxSize(5).map(l -> (Object) new ArrayList<>(l))),
                net.jqwik.api.Tuple.of(2, genericMap(depth - 1).map(m -> (Object) m)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(Arbitraries.longs(), inner).as(CborTagged::new)
                        .map(t -> (Object) t)));
    }

    /** A map with distinct keys (by equals, as the decoder judges duplicates), in insertion order. */
    static Arbitrary<Map<Object, Object>> genericMap(int depth) {
        Arbitrary<Object> v = depth == 0 ? scalar() : Arbitraries.lazy(() -> value(depth));
        return Combinators.combine(key(), v).as(AbstractMap.SimpleEntry::new).list().ofMaxSize(5).map(entries -> {
            Map<Object, Object> m = new LinkedHashMap<>();
            for (AbstractMap.SimpleEntry<Object, Object> e : entries) {
                m.putIfAbsent(e.getKey(), e.getValue());
            }
            return m;
        });
    }
}
