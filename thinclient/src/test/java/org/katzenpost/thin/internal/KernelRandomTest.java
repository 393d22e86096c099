package org.katzenpost.thin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelRandomTest {

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void theSharedSourceHandsOutEachValueOnce() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            byte[] id = new byte[16];
            KernelRandom.nextBytes(id);
            assertThat(seen.add(hex(id))).as("draw %d repeats an earlier value", i).isTrue();
        }
    }

    @Test
    void fillsEverySizeAcrossBlockBoundaries() {
        KernelRandom random = new KernelRandom(new File("/dev/urandom"));
        for (int size : new int[] {0, 1, 15, 16, 255, KernelRandom.BLOCK, KernelRandom.BLOCK + 1, 1000}) {
            byte[] a = new byte[size];
            byte[] b = new byte[size];
            random.fill(a);
            random.fill(b);
            if (size >= 16) {
                // 2^-128 per comparison for random bytes; a source that hands out zeros or repeats fails
                assertThat(a).as("size %d", size).isNotEqualTo(new byte[size]).isNotEqualTo(b);
            }
        }
    }

    @Test
    void readsTheDeviceInBlocksAndHandsOutItsBytesInOrder(@TempDir Path dir) throws IOException {
        byte[] content = new byte[3 * KernelRandom.BLOCK];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 7 + 3);
        }
        Path device = dir.resolve("device");
        Files.write(device, content);
        KernelRandom random = new KernelRandom(device.toFile());
        byte[] first = new byte[100];
        byte[] second = new byte[KernelRandom.BLOCK + 60]; // crosses into the second block
        random.fill(first);
        random.fill(second);
        assertThat(first).isEqualTo(Arrays.copyOfRange(content, 0, 100));
        assertThat(second).isEqualTo(Arrays.copyOfRange(content, 100, 100 + second.length));
    }

    @Test
    void aDeviceThatEndsIsReplacedBySecureRandomWithoutReusingItsBytes(@TempDir Path dir) throws IOException {
        byte[] content = new byte[KernelRandom.BLOCK + 40]; // one whole block, then a short read
        Arrays.fill(content, (byte) 0x5a);
        Path device = dir.resolve("short");
        Files.write(device, content);
        KernelRandom random = new KernelRandom(device.toFile());
        byte[] whole = new byte[KernelRandom.BLOCK];
        random.fill(whole);
        assertThat(whole).containsOnly((byte) 0x5a);

        byte[] after = new byte[64];
        random.fill(after);
        // the 40 bytes of the short read are not handed out: the rest is SecureRandom's
        assertThat(Arrays.copyOf(after, 40)).isNotEqualTo(Arrays.copyOf(content, 40));
        assertThat(after).isNotEqualTo(new byte[64]);
        byte[] again = new byte[64];
        random.fill(again);
        assertThat(again).isNotEqualTo(after);
    }

    @Test
    void aMissingDeviceFallsBackToSecureRandom(@TempDir Path dir) {
        KernelRandom random = new KernelRandom(dir.resolve("no-such-device").toFile());
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        random.fill(a);
        random.fill(b);
        assertThat(a).isNotEqualTo(new byte[32]).isNotEqualTo(b);
    }

    @Test
    void concurrentCallersNeverGetTheSameBytes() throws Exception {
        KernelRandom random = new KernelRandom(new File("/dev/urandom"));
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    int repeats = 0;
                    for (int i = 0; i < 2_000; i++) {
                        byte[] id = new byte[16];
                        random.fill(id);
                        if (!seen.add(hex(id))) {
                            repeats++;
                        }
                    }
                    return repeats;
                }));
            }
            for (Future<Integer> r : results) {
                assertThat(r.get()).isZero();
            }
            assertThat(seen).hasSize(8 * 2_000);
        } finally {
            pool.shutdownNow();
        }
    }
}
