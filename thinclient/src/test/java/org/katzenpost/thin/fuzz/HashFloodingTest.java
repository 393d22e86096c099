package org.katzenpost.thin.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.katzenpost.thin.ProtocolViolationException;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.wire.WireCodec;
import org.katzenpost.thin.pki.PkiDocument;

/**
 * Hash flooding: a map whose keys all share one hash code but are not comparable with each other (arrays,
 * maps, tags, or keys of different classes) makes every HashMap insertion scan them all. Found by review while
 * writing the fuzz targets (a fuzzer does not grow inputs to hundreds of KB). Before the guard in
 * CborReader, 16,000 such keys (176 KB) took seconds to decode and a 40 MiB frame of them days. Now such a map
 * is refused quickly, wherever the generic decoder runs: unknown variants, authorities, PKI documents.
 */
class HashFloodingTest {
    private static final int KEYS = 40_000;
    /** The decoder's own CPU time: what a quadratic decode blows up, and what machine load does not inflate. */
    private static final Duration QUICKLY = Duration.ofSeconds(5);
    /** Wall-clock guard against a hang only (a quadratic 40 MiB decode takes days); load may stretch wall time. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Runs {@code work} and asserts it used less than {@link #QUICKLY} of CPU time on its thread. */
    static <T> T quickly(ThrowingSupplier<T> work) {
        assertThat(THREADS.isCurrentThreadCpuTimeSupported()).as("per-thread CPU time").isTrue();
        return assertTimeoutPreemptively(HANG_GUARD, () -> {
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            T result = work.get();
            assertThat(Duration.ofNanos(THREADS.getCurrentThreadCpuTime() - cpu0)).as("decoder CPU time")
                    .isLessThan(QUICKLY);
            return result;
        });
    }

    /** {@code (i << 32) | i} has Long.hashCode 0; wrapped in a tag, an array, a map, or mixed with doubles. */
    static byte[] collidingMap(int n, String kind) {
        CborWriter w = new CborWriter(n * 16 + 16);
        w.mapHeader(n);
        for (int i = 1; i <= n; i++) {
            long x = ((long) i << 32) | i;
            switch (kind) {
                case "tag" -> w.tag(x).uint(0);
                case "array" -> w.arrayHeader(1).uint(x);
                case "map" -> w.mapHeader(1).uint(x).nul();
                case "long" -> w.uint(x);
                case "long+double" -> {
                    if (i % 2 == 0) {
                        w.uint(x);
                    } else {
                        w.float64(Double.longBitsToDouble(x));
                    }
                }
                default -> throw new IllegalArgumentException(kind);
            }
            w.uint(0);
        }
        return w.toByteArray();
    }

    @ParameterizedTest(name = "{0} keys")
    @ValueSource(strings = {"tag", "array", "map", "long+double"})
    void collidingKeysAreRefusedQuickly(String kind) {
        byte[] frame = collidingMap(KEYS, kind);
        quickly(() -> assertThatThrownBy(() -> CborReader.decode(frame))
                .isInstanceOf(CborException.class).hasMessageContaining("hash"));
    }

    /** Colliding keys of one Comparable class are ordered within their HashMap bin: allowed, and still fast. */
    @Test
    void collidingKeysOfOneComparableClassDecodeQuickly() {
        byte[] frame = collidingMap(KEYS, "long");
        Object v = quickly(() -> CborReader.decode(frame));
        assertThat((Map<?, ?>) v).hasSize(KEYS);
    }

    @Test
    void insideAnUnknownResponseVariant() {
        CborWriter w = new CborWriter();
        w.mapHeader(1).text("future_reply").raw(collidingMap(KEYS, "tag"));
        byte[] frame = w.toByteArray();
        quickly(() -> assertThatThrownBy(() -> new WireCodec().decodeResponse(frame))
                .isInstanceOf(CborException.class));
    }

    @Test
    void insideAPkiDocument() {
        CborWriter w = new CborWriter();
        w.mapHeader(2).text("Epoch").uint(1).text("Flood").raw(collidingMap(KEYS, "array"));
        byte[] doc = w.toByteArray();
        quickly(() -> assertThatThrownBy(() -> PkiDocument.parse(doc))
                .isInstanceOf(ProtocolViolationException.class));
    }

    @Test
    void largeMapsWithOrdinaryKeysStillDecode() {
        CborWriter w = new CborWriter();
        int n = 100_000;
        w.mapHeader(3 * n);
        for (int i = 0; i < n; i++) {
            w.uint(i).uint(i);
            w.text("k" + i).uint(i);
            w.bytes(new byte[] {(byte) (i >>> 16), (byte) (i >>> 8), (byte) i}).uint(i);
        }
        byte[] frame = w.toByteArray();
        Object v = quickly(() -> CborReader.decode(frame));
        assertThat((Map<?, ?>) v).hasSize(3 * n);
    }

    @Test
    void aFewKeysSharingAHashAreFine() {
        // null, 0, 0.0, "", {} all hash to 0: legitimate, if odd, and well under the limit.
        CborWriter w = new CborWriter();
        w.mapHeader(100);
        w.nul().uint(1).uint(0).uint(2).float64(0.0).uint(3).text("").uint(4).mapHeader(0).uint(5);
        for (int i = 5; i < 100; i++) {
            w.uint(1000 + i).uint(i);
        }
        assertThat((Map<?, ?>) CborReader.decode(w.toByteArray())).hasSize(100);
    }
}
