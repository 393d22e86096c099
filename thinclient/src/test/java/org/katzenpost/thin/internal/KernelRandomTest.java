package org.katzenpost.thin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
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

    /** Bytes that differ from their neighbours, so that an offset error shows. */
    private static byte[] counting(int length) {
        byte[] content = new byte[length];
        for (int i = 0; i < length; i++) {
            content[i] = (byte) (i * 7 + 3);
        }
        return content;
    }

    /** A source reading a regular file with {@code content} as its device. */
    private static KernelRandom deviceOf(Path dir, byte[] content) throws IOException {
        Path device = Files.write(dir.resolve("device"), content);
        return new KernelRandom(new KernelRandom.DeviceFile(device.toFile()));
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
        KernelRandom random = new KernelRandom(new KernelRandom.DeviceFile(new File("/dev/urandom")));
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
        byte[] content = counting(3 * KernelRandom.BLOCK);
        KernelRandom random = deviceOf(dir, content);
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
        KernelRandom random = deviceOf(dir, content);
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
        KernelRandom random = new KernelRandom(new KernelRandom.DeviceFile(dir.resolve("no-such-device").toFile()));
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        random.fill(a);
        random.fill(b);
        assertThat(a).isNotEqualTo(new byte[32]).isNotEqualTo(b);
    }

    @Test
    void withoutADeviceItUsesSecureRandom() {
        KernelRandom random = new KernelRandom(null); // a file system without /dev
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        random.fill(a);
        random.fillDirect(b);
        assertThat(a).isNotEqualTo(new byte[32]).isNotEqualTo(b);
        assertThat(b).isNotEqualTo(new byte[32]);
    }

    @Test
    void aDeviceFailingMidReadIsReplacedWithoutHandingOutWhatItRead() {
        byte[] pattern = new byte[100];
        Arrays.fill(pattern, (byte) 0x33);
        KernelRandom random = new KernelRandom(() -> new InputStream() {
            private int given;

            @Override
            public int read() throws IOException {
                throw new UnsupportedOperationException("read in blocks");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (given >= pattern.length) {
                    throw new IOException("device gone");
                }
                int n = Math.min(len, pattern.length - given);
                System.arraycopy(pattern, 0, b, off, n);
                given += n;
                return n;
            }
        });
        byte[] out = new byte[64];
        random.fill(out);
        assertThat(out).isNotEqualTo(Arrays.copyOf(pattern, 64)).isNotEqualTo(new byte[64]);
        byte[] secret = new byte[32];
        random.fillDirect(secret);
        assertThat(secret).isNotEqualTo(new byte[32]).isNotEqualTo(Arrays.copyOf(pattern, 32));
    }

    @Test
    void secretsAreReadForTheCallAloneNotFromTheBlock(@TempDir Path dir) throws IOException {
        byte[] content = counting(2 * KernelRandom.BLOCK);
        KernelRandom random = deviceOf(dir, content);
        byte[] seed = new byte[32];
        random.fillDirect(seed);
        byte[] id = new byte[16];
        random.fill(id);
        byte[] seed2 = new byte[32];
        random.fillDirect(seed2);
        assertThat(seed).isEqualTo(Arrays.copyOfRange(content, 0, 32));
        // the id's block starts right after the seed, and the next seed right after that block
        assertThat(id).isEqualTo(Arrays.copyOfRange(content, 32, 48));
        assertThat(seed2).isEqualTo(Arrays.copyOfRange(content, 32 + KernelRandom.BLOCK, 64 + KernelRandom.BLOCK));
    }

    @Test
    void bytesHandedOutAreWipedFromTheBlock(@TempDir Path dir) throws Exception {
        byte[] content = new byte[KernelRandom.BLOCK];
        Arrays.fill(content, (byte) 0x77);
        KernelRandom random = deviceOf(dir, content);
        random.fill(new byte[40]);
        Field blockField = KernelRandom.class.getDeclaredField("block");
        blockField.setAccessible(true);
        byte[] block = (byte[]) blockField.get(random);
        // what was handed out is gone from memory; what was not is still there for the next caller
        assertThat(Arrays.copyOfRange(block, 0, 40)).containsOnly((byte) 0);
        assertThat(Arrays.copyOfRange(block, 40, KernelRandom.BLOCK)).containsOnly((byte) 0x77);
    }

    @Test
    void concurrentCallersNeverGetTheSameBytes() throws Exception {
        KernelRandom random = new KernelRandom(new KernelRandom.DeviceFile(new File("/dev/urandom")));
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
