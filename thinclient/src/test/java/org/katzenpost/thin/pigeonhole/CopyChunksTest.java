package org.katzenpost.thin.pigeonhole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.Durations;
import org.katzenpost.thin.PayloadTooLargeException;
import org.katzenpost.thin.pigeonhole.CopyChunks.Part;
import org.katzenpost.thin.pigeonhole.CopyChunks.Piece;

/**
 * {@link CopyChunks}: exact boundaries, the 10 MiB limit, no overflow, and, as properties, pieces that cover each
 * payload exactly once and the same cuts the channel writer, the store's transfers and its copy-stream builder
 * made before they shared this class (their former arithmetic is kept below as the oracle).
 */
class CopyChunksTest {
    private static final int MAX = PigeonholeClient.MAX_COPY_PAYLOAD_LENGTH;
    /** The testnet's geometry: a MaxPlaintextPayloadLength of 1,549, copy-stream boxes of 1,545 bytes. */
    private static final int TESTNET = 1549;

    @Test
    void aCopyCommandWaitsTheCallDeadlinePlusThirtySecondsPerElement() {
        Duration call = Duration.ofMinutes(10);
        assertThat(CopyChunks.copyDeadline(call, 0)).isEqualTo(call);
        assertThat(CopyChunks.copyDeadline(call, -5)).as("a negative count is none").isEqualTo(call);
        assertThat(CopyChunks.copyDeadline(call, 87)).isEqualTo(call.plus(Duration.ofSeconds(30 * 87)));
        assertThat(CopyChunks.copyDeadline(call, 100_000)).isEqualTo(call.plus(Duration.ofSeconds(3_000_000)));
        assertThat(CopyChunks.copyDeadline(call, Integer.MAX_VALUE)).as("2,041 years: capped, no overflow")
                .isEqualTo(Durations.LONGEST);
    }

    @Test
    void aForeverCopyDeadlineStaysACenturyAndABadOneIsRefused() {
        assertThat(CopyChunks.copyDeadline(Duration.ofSeconds(Long.MAX_VALUE), 3)).isEqualTo(Durations.LONGEST);
        assertThat(CopyChunks.copyDeadline(Durations.LONGEST.minusSeconds(1), 1)).isEqualTo(Durations.LONGEST);
        assertThatThrownBy(() -> CopyChunks.copyDeadline(Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> CopyChunks.copyDeadline(null, 1))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("timeout");
    }

    @Test
    void aBoxCarriesFourBytesLessThanThePlaintextPayload() {
        assertThat(CopyChunks.boxPayloadLength(TESTNET)).isEqualTo(1545);
        assertThat(CopyChunks.boxPayloadLength(5)).isEqualTo(1);
        assertThat(CopyChunks.boxPayloadLength(4)).as("unknown geometry").isZero();
        assertThat(CopyChunks.boxPayloadLength(0)).isZero();
        assertThat(CopyChunks.boxPayloadLength(-1)).isZero();
        assertThat(CopyChunks.boxPayloadLength(Integer.MIN_VALUE)).as("no wrap-around").isZero();
        assertThat(CopyChunks.boxPayloadLength(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE - 4);
    }

    @Test
    void maxBoxesPerCallIsTheWholeBoxesOfTenMebibytes() {
        assertThat(CopyChunks.maxBoxesPerCall(TESTNET)).isEqualTo(MAX / 1545).isEqualTo(6786);
        assertThat(CopyChunks.maxBoxesPerCall(64)).isEqualTo(174_762); // the store tests' 60-byte boxes
        assertThat(CopyChunks.maxBoxesPerCall(0)).as("offline: a box counts as one byte").isEqualTo(MAX);
        assertThat(CopyChunks.maxBoxesPerCall(MAX + 4)).isEqualTo(1);
        assertThat(CopyChunks.maxBoxesPerCall(MAX + 5)).as("a box over the limit").isZero();
    }

    @Test
    void theTenMebibyteCheckKeepsItsTypeAndMessage() {
        CopyChunks.checkCallPayload(0, "payload");
        CopyChunks.checkCallPayload(MAX, "payload");
        assertThatThrownBy(() -> CopyChunks.checkCallPayload(MAX + 1, "payload"))
                .isExactlyInstanceOf(PayloadTooLargeException.class)
                .hasMessage("payload of 10485761 bytes exceeds the daemon's 10485760-byte limit per copy-stream call");
        assertThatThrownBy(() -> CopyChunks.checkCallPayload(1L << 40, "destination payload"))
                .isExactlyInstanceOf(PayloadTooLargeException.class)
                .hasMessage("destination payload of 1099511627776 bytes exceeds the daemon's 10485760-byte limit"
                        + " per copy-stream call");
    }

    @Test
    void chunkBytesAreTheAskedBoxesCappedAtOneCall() {
        assertThat(CopyChunks.of(TESTNET, 4).chunkBytes()).isEqualTo(4 * 1545);
        assertThat(CopyChunks.of(TESTNET, 6786).chunkBytes()).isEqualTo(6786 * 1545);
        assertThat(CopyChunks.of(TESTNET, 6787).chunkBytes()).as("capped").isEqualTo(6786 * 1545);
        assertThat(CopyChunks.of(TESTNET, Integer.MAX_VALUE).chunkBytes()).isEqualTo(6786 * 1545);
        assertThat(CopyChunks.of(TESTNET, Long.MAX_VALUE).chunkBytes()).as("no overflow").isEqualTo(6786 * 1545);
        assertThat(CopyChunks.of(0, Long.MAX_VALUE).chunkBytes()).isEqualTo(MAX);
        assertThat(CopyChunks.of(MAX + 4, 3).chunkBytes()).isEqualTo(MAX);
        assertThat(CopyChunks.of(MAX + 5, 3).chunkBytes()).as("not even one box fits").isZero();
        assertThat(CopyChunks.of(TESTNET, 4)).hasToString("CopyChunks[4 boxes of 1545 bytes per call]");
    }

    @Test
    void piecesAtExactBoundaries() {
        CopyChunks c = CopyChunks.of(TESTNET, 4);
        int chunk = 4 * 1545;
        assertThat(c.at(0, chunk)).isEqualTo(new Piece(0, chunk));
        assertThat(c.at(0, chunk - 1)).isEqualTo(new Piece(0, chunk - 1));
        assertThat(c.at(0, chunk + 1)).isEqualTo(new Piece(0, chunk));
        assertThat(c.at(chunk, chunk + 1)).as("the last piece").isEqualTo(new Piece(chunk, 1));
        assertThat(c.at(chunk, chunk + 1).end()).isEqualTo(chunk + 1);
        assertThat(c.at(chunk + 1, chunk + 1)).as("at the end: empty").isEqualTo(new Piece(chunk + 1, 0));
        assertThat(c.at(0, 0)).as("an empty payload is one empty piece").isEqualTo(new Piece(0, 0));
        assertThat(c.at(7, 3L * MAX)).as("a resumed offset need not be a boundary").isEqualTo(new Piece(7, chunk));
        assertThat(c.count(0)).isEqualTo(1);
        assertThat(c.count(1)).isEqualTo(1);
        assertThat(c.count(chunk)).isEqualTo(1);
        assertThat(c.count(chunk + 1)).isEqualTo(2);
        assertThat(c.count(Long.MAX_VALUE)).as("no overflow").isEqualTo(Long.MAX_VALUE / chunk + 1);
    }

    @Test
    void boxesRoundUpAndAreZeroWhileTheGeometryIsUnknown() {
        CopyChunks c = CopyChunks.of(TESTNET, 4);
        assertThat(c.boxes(0)).isZero();
        assertThat(c.boxes(1)).isEqualTo(1);
        assertThat(c.boxes(1545)).isEqualTo(1);
        assertThat(c.boxes(1550)).isEqualTo(2);
        assertThat(c.boxes(Long.MAX_VALUE)).as("no overflow").isEqualTo(Long.MAX_VALUE / 1545 + 1);
        assertThat(CopyChunks.of(4, 4).boxes(100)).isZero();
        assertThat(CopyChunks.of(0, 4).boxes(100)).isZero();
    }

    @Test
    void pieceOfTenMebibytesAtMostHoweverManyBoxesAreAsked() {
        CopyChunks c = CopyChunks.of(0, Long.MAX_VALUE); // offline: one-byte boxes, all one call may take
        assertThat(c.at(0, 3L * MAX)).isEqualTo(new Piece(0, MAX));
        assertThat(c.count(3L * MAX + 1)).isEqualTo(4);
        assertThat(CopyChunks.of(TESTNET, Long.MAX_VALUE).segmentPieces(2L * MAX + 1)).containsExactly(
                new Piece(0, MAX), new Piece(MAX, MAX), new Piece(2L * MAX, 1));
    }

    /** Moved from ChannelTest: the chunks never cross a 10 MiB segment, where one call per segment cut a box short. */
    @Test
    void segmentPiecesStartAtTheBoxesOfEachSegment() {
        assertThat(new CopyChunks(3, 2, 10).segmentPieces(25)).containsExactly(new Piece(0, 6), new Piece(6, 4),
                new Piece(10, 6), new Piece(16, 4), new Piece(20, 5));
        assertThat(new CopyChunks(3, 2, 10).segmentPieces(6)).containsExactly(new Piece(0, 6));
        assertThat(new CopyChunks(3, 2, 10).segmentPieces(0)).containsExactly(new Piece(0, 0));
        int length = 64 * 1024 * 1024 + 5; // the channel's largest message, framed
        Piece last = null;
        for (Piece p : CopyChunks.of(TESTNET, 4).segmentPieces(length)) {
            assertThat(p.offset()).isEqualTo(last == null ? 0 : last.end());
            assertThat(p.offset() / MAX).as("piece %s in one segment", p).isEqualTo((p.end() - 1) / MAX);
            assertThat((p.offset() % MAX) % 1545).isZero();
            last = p;
        }
        assertThat(last.end()).isEqualTo(length);
    }

    @Test
    void aBoxLargerThanACallIsRefusedWhereWholeBoxesAreNeeded() {
        CopyChunks c = new CopyChunks(11, 4, 10);
        assertThat(c.chunkBytes()).isZero();
        assertThatThrownBy(() -> c.at(0, 5)).isInstanceOf(IllegalStateException.class)
                .hasMessage("a box of 11 bytes does not fit in a copy-stream call of at most 10 bytes");
        assertThatThrownBy(() -> c.count(5)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.calls(5)).isInstanceOf(IllegalStateException.class);
        assertThat(c.calls(0)).as("nothing to cut").containsExactly(List.of(new Part(0, 0, 0)));
        // a segment keeps the limit by itself, as the channel writer's one call per segment did
        assertThat(c.segmentPieces(25)).containsExactly(new Piece(0, 10), new Piece(10, 10), new Piece(20, 5));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> CopyChunks.of(TESTNET, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 box");
        assertThatThrownBy(() -> CopyChunks.of(TESTNET, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CopyChunks(3, 2, 0)).isInstanceOf(IllegalArgumentException.class);
        CopyChunks c = CopyChunks.of(TESTNET, 4);
        assertThatThrownBy(() -> c.at(-1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.at(6, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.at(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.count(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.boxes(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.segmentPieces(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(c::calls).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.calls(5, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The store's ChunkedCopyTest case: 10 boxes and 2 boxes, 4 per call, with 60-byte boxes. */
    @Test
    void callsPackPayloadsInOrderAPartFullBoxCountingWhole() {
        CopyChunks c = CopyChunks.of(64, 4);
        assertThat(c.calls(60 * 9 + 7, 120)).containsExactly(
                List.of(new Part(0, 0, 240)),
                List.of(new Part(0, 240, 240)),
                List.of(new Part(0, 480, 67), new Part(1, 0, 120)));
        assertThat(c.calls(5)).as("one box: one call").containsExactly(List.of(new Part(0, 0, 5)));
        assertThat(c.calls(240, 0)).as("4 boxes in all: one call").containsExactly(
                List.of(new Part(0, 0, 240), new Part(1, 0, 0)));
        assertThat(c.calls(61, 61)).as("a part-full box is a whole box").containsExactly(
                List.of(new Part(0, 0, 61), new Part(1, 0, 61)));
        assertThat(c.calls(61, 61, 61)).containsExactly(
                List.of(new Part(0, 0, 61), new Part(1, 0, 61)),
                List.of(new Part(2, 0, 61)));
        assertThat(c.calls(240, 0, 60)).as("an empty payload after a full call starts the next").containsExactly(
                List.of(new Part(0, 0, 240)),
                List.of(new Part(1, 0, 0), new Part(2, 0, 60)));
        assertThat(CopyChunks.of(4, 4).calls(MAX, MAX)).as("unknown geometry: one call").containsExactly(
                List.of(new Part(0, 0, MAX), new Part(1, 0, MAX)));
        assertThat(c.calls(61).get(0).get(0).end()).isEqualTo(61);
    }

    @Test
    void hugePayloadsInOneByteBoxesCountWithoutOverflow() {
        int[] lengths = new int[300];
        Arrays.fill(lengths, MAX); // 300 × 10 MiB one-byte boxes: over 2^31 in all
        List<List<Part>> calls = new CopyChunks(1, Long.MAX_VALUE, MAX).calls(lengths);
        assertThat(calls).hasSize(300);
        assertThat(calls).allSatisfy(call -> assertThat(call).hasSize(1));
    }

    // ---------------------------------------------------------------- properties

    @Property(tries = 1000)
    void atCoversThePayloadExactlyOnceInWholeBoxes(@ForAll @IntRange(min = 0, max = 300) int max,
            @ForAll @LongRange(min = 1, max = 40) long boxes, @ForAll @IntRange(min = 1, max = 3000) int limit,
            @ForAll @IntRange(min = 0, max = 20_000) int length) {
        CopyChunks c = new CopyChunks(CopyChunks.boxPayloadLength(max), boxes, limit);
        int unit = Math.max(1, max - 4);
        Assume.that(unit <= limit); // else refused: see aBoxLargerThanACallIsRefusedWhereWholeBoxesAreNeeded
        List<Piece> pieces = new ArrayList<>();
        long off = 0;
        do {
            Piece p = c.at(off, length);
            pieces.add(p);
            off = p.end();
        } while (off < length);
        assertCovers(pieces, length);
        assertThat(pieces).hasSize((int) c.count(length));
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            assertThat(p.length()).isLessThanOrEqualTo(limit).isLessThanOrEqualTo((int) Math.min(boxes * unit, limit));
            if (i < pieces.size() - 1) {
                assertThat(p.length() % unit).as("whole boxes").isZero();
            }
        }
        assertThat(pieces).isEqualTo(oldTransferEngine(length, max, boxes, limit));
        if (max > 4) {
            assertThat(Math.max(1, c.boxes(length))).isEqualTo(Math.max(1, (length + max - 5) / (max - 4)));
        }
    }

    @Property(tries = 1000)
    void segmentPiecesCoverThePayloadExactlyOnce(@ForAll @IntRange(min = 0, max = 300) int max,
            @ForAll @IntRange(min = 1, max = 40) int boxes, @ForAll @IntRange(min = 1, max = 3000) int limit,
            @ForAll @IntRange(min = 0, max = 20_000) int length) {
        List<Piece> pieces = new CopyChunks(CopyChunks.boxPayloadLength(max), boxes, limit).segmentPieces(length);
        assertCovers(pieces, length);
        int unit = Math.max(1, max - 4);
        for (Piece p : pieces) {
            assertThat(p.length()).isLessThanOrEqualTo(limit);
            long lastByte = Math.max(p.offset(), p.end() - 1);
            assertThat(p.offset() / limit).as("within one segment").isEqualTo(lastByte / limit);
            assertThat((p.offset() % limit) % unit).as("from a box of its segment").isZero();
        }
        if (length > 0) {
            assertThat(pieces).isEqualTo(oldChannelWriter(length, max - 4, boxes, limit));
        }
    }

    @Property(tries = 1000)
    void callsCoverEveryPayloadExactlyOnceWithinTheBoxesPerCall(@ForAll @IntRange(min = 0, max = 300) int max,
            @ForAll @IntRange(min = 1, max = 40) int boxes, @ForAll @IntRange(min = 1, max = 3000) int limit,
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 3000) Integer> sizes) {
        int[] lengths = sizes.stream().mapToInt(Integer::intValue).toArray();
        int boxBytes = CopyChunks.boxPayloadLength(max);
        CopyChunks c = new CopyChunks(boxBytes, boxes, limit);
        Assume.that(boxBytes <= limit); // else refused, or one call: see aBoxLargerThanACallIsRefusedWhereWholeBoxesAreNeeded
        List<List<Part>> calls = c.calls(lengths);
        List<List<Piece>> perPayload = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            perPayload.add(new ArrayList<>());
        }
        int previous = 0;
        for (List<Part> call : calls) {
            assertThat(call).isNotEmpty();
            long callBoxes = 0;
            for (Part p : call) {
                assertThat(p.payload()).as("payloads in order").isGreaterThanOrEqualTo(previous);
                previous = p.payload();
                perPayload.get(p.payload()).add(new Piece(p.offset(), p.length()));
                callBoxes += c.boxes(p.length());
                if (p.end() < lengths[p.payload()]) {
                    assertThat(p.length() % boxBytes).as("continued from a box boundary").isZero();
                }
            }
            if (calls.size() > 1) {
                assertThat(callBoxes).isLessThanOrEqualTo(Math.min(boxes, limit / boxBytes));
            }
        }
        for (int i = 0; i < lengths.length; i++) {
            assertCovers(perPayload.get(i), lengths[i]);
        }
        assertThat(calls).isEqualTo(oldCopyStreamBuilder(lengths, max, boxes, limit));
    }

    /** The pieces follow one another from 0 and end at {@code length}: every byte once, in order. */
    private static void assertCovers(List<Piece> pieces, long length) {
        assertThat(pieces).isNotEmpty();
        long at = 0;
        for (Piece p : pieces) {
            assertThat(p.offset()).isEqualTo(at);
            assertThat(p.length()).isNotNegative();
            at = p.end();
        }
        assertThat(at).isEqualTo(length);
        if (length > 0) {
            assertThat(pieces).allSatisfy(p -> assertThat(p.length()).isPositive());
        }
    }

    // ---------------------------------------------------------------- the callers' former arithmetic (oracles)

    /** ChannelWriter.chunks before this class: {@code {from, to}} ranges as pieces. */
    private static List<Piece> oldChannelWriter(int length, int boxBytes, int chunkBoxes, int pieceLength) {
        long chunkBytes = Math.min((long) Math.max(1, boxBytes) * chunkBoxes, pieceLength);
        List<Piece> out = new ArrayList<>();
        for (long piece = 0; piece < length; piece += pieceLength) {
            long pieceEnd = Math.min(length, piece + pieceLength);
            for (long from = piece; from < pieceEnd; from += chunkBytes) {
                out.add(new Piece(from, (int) (Math.min(pieceEnd, from + chunkBytes) - from)));
            }
        }
        return out;
    }

    /** TransferEngine before this class (chunkBytes, start and run), with {@code limit} for the 10 MiB. */
    private static List<Piece> oldTransferEngine(int length, int max, long chunkBoxes, int limit) {
        int boxBytes = Math.max(1, max - 4);
        long boxes = Math.min(chunkBoxes, limit / Math.max(1, max - 4));
        int chunkBytes = (int) (boxes * boxBytes);
        List<Piece> out = new ArrayList<>();
        int n = (int) Math.min(chunkBytes, length);
        out.add(new Piece(0, n));
        for (long off = n; off < length; off += n) {
            n = (int) Math.min(chunkBytes, length - off);
            out.add(new Piece(off, n));
        }
        assertThat(out).hasSize((int) Math.max(1, (length + chunkBytes - 1) / chunkBytes));
        return out;
    }

    /** CopyStreamBuilder.encode before this class: the calls it made, with {@code limit} for the 10 MiB. */
    private static List<List<Part>> oldCopyStreamBuilder(int[] lengths, int max, int setting, int limit) {
        int boxBytes = max - 4;
        long chunkBoxes = Math.min(setting, limit / Math.max(1, max - 4));
        long total = 0;
        for (int length : lengths) {
            total += oldBoxes(length, boxBytes);
        }
        List<List<Part>> out = new ArrayList<>();
        List<Part> call = new ArrayList<>();
        if (boxBytes <= 0 || total <= chunkBoxes) {
            for (int i = 0; i < lengths.length; i++) {
                call.add(new Part(i, 0, lengths[i]));
            }
            out.add(call);
            return out;
        }
        long room = chunkBoxes * boxBytes;
        for (int i = 0; i < lengths.length; i++) {
            int off = 0;
            do {
                if (room <= 0) {
                    out.add(call);
                    call = new ArrayList<>();
                    room = chunkBoxes * boxBytes;
                }
                int n = (int) Math.min(lengths[i] - off, room);
                call.add(new Part(i, off, n));
                room -= oldBoxes(n, boxBytes) * boxBytes;
                off += n;
            } while (off < lengths[i]);
        }
        out.add(call);
        return out;
    }

    private static long oldBoxes(int bytes, int boxBytes) {
        return boxBytes <= 0 ? 0 : (bytes + (long) boxBytes - 1) / boxBytes;
    }
}
