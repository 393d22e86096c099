package org.katzenpost.thin.internal;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's random bytes, from the kernel's cryptographic random source {@code /dev/urandom} rather than the
 * JDK's {@link SecureRandom}: a JVM's first {@code SecureRandom} registers the security providers and seeds a SHA1PRNG
 * to mix into the same kernel bytes, 24–43 ms of a cold start (docs/performance.md, "The first call, cold JVM").
 * The Go and Python clients also take their randomness from the kernel, through {@code getrandom(2)}, which unlike
 * {@code /dev/urandom} on older Linux kernels waits until the kernel's pool is first seeded; that matters only in the
 * first moments after boot.
 *
 * <p>Where the file system has no {@code /dev} (Windows, where {@code /dev/urandom} would name an ordinary file that
 * any user may create), or the device cannot be opened or read, a {@link SecureRandom} is used instead, for good.
 *
 * <p>{@link #nextBytes} (ids, which are not secret) reads the device {@value #BLOCK} bytes at a time and hands each
 * byte out once, wiping it from the block as it goes. {@link #secretBytes} (session tokens and keypair seeds) reads
 * the device for each call, so no secret exists before it is asked for, not even in a process restored twice from
 * one snapshot. Thread-safe.
 */
public final class KernelRandom {
    private static final Logger log = LoggerFactory.getLogger(KernelRandom.class);

    /** How many bytes one read of the device takes for ids: 16 ids of 16 bytes. */
    static final int BLOCK = 256;

    private static final KernelRandom SHARED = new KernelRandom(
            File.separatorChar == '/' ? new DeviceFile(new File("/dev/urandom")) : null);

    /** Opens the random device; {@link DeviceFile} outside tests. */
    interface Device {
        InputStream open() throws IOException;
    }

    private final Device device;
    private final byte[] block = new byte[BLOCK];
    /** Index of the next unused byte of {@link #block}; {@link #BLOCK} when it is used up. Guarded by this. */
    private int next = BLOCK;
    private InputStream in;
    private SecureRandom fallback;

    /** @param device the random device, or null to use a {@link SecureRandom} from the start */
    KernelRandom(Device device) {
        this.device = device;
        if (device == null) {
            log.debug("no /dev/urandom on this file system: using the JDK's SecureRandom");
            fallback = new SecureRandom();
        }
    }

    /**
     * Fills {@code out} with random bytes for ids, which are not secret.
     *
     * @param out where they go; every byte is overwritten
     */
    public static void nextBytes(byte[] out) {
        SHARED.fill(out);
    }

    /**
     * Fills {@code out} with random bytes for a secret (a session token, a keypair seed), read from the device for
     * this call alone.
     *
     * @param out where they go; every byte is overwritten
     */
    public static void secretBytes(byte[] out) {
        SHARED.fillDirect(out);
    }

    synchronized void fill(byte[] out) {
        int done = 0;
        while (done < out.length) {
            if (next == BLOCK) {
                if (!read(block, 0, BLOCK)) {
                    fallbackFill(out, done);
                    return;
                }
                next = 0;
            }
            int n = Math.min(BLOCK - next, out.length - done);
            System.arraycopy(block, next, out, done, n);
            Arrays.fill(block, next, next + n, (byte) 0);
            next += n;
            done += n;
        }
    }

    synchronized void fillDirect(byte[] out) {
        if (!read(out, 0, out.length)) {
            fallbackFill(out, 0);
        }
    }

    /** Fills {@code out} from {@code from} on with the fallback's bytes. */
    private void fallbackFill(byte[] out, int from) {
        if (from == 0) {
            fallback.nextBytes(out);
            return;
        }
        byte[] rest = new byte[out.length - from];
        fallback.nextBytes(rest);
        System.arraycopy(rest, 0, out, from, rest.length);
        Arrays.fill(rest, (byte) 0);
    }

    /**
     * Reads exactly {@code len} bytes from the device into {@code to}.
     *
     * @return false when there is no device, or it failed now (then it is not tried again, the bytes read are wiped,
     *     and the fallback is ready)
     */
    private boolean read(byte[] to, int off, int len) {
        if (fallback != null) {
            return false;
        }
        String failure;
        try {
            if (in == null) {
                in = device.open();
            }
            if (in.readNBytes(to, off, len) == len) {
                return true;
            }
            failure = "it ended";
        } catch (IOException e) {
            failure = e.toString();
        }
        log.warn("cannot read the kernel's random device ({}): using the JDK's SecureRandom instead", failure);
        Arrays.fill(to, off, off + len, (byte) 0);
        closeQuietly();
        fallback = new SecureRandom();
        return false;
    }

    private void closeQuietly() {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // nothing was read from it that matters
                log.debug("closing the kernel's random device failed: {}", e.toString());
            }
            in = null;
        }
    }

    /** A device file. */
    static final class DeviceFile implements Device {
        private final File file;

        DeviceFile(File file) {
            this.file = file;
        }

        @Override
        public InputStream open() throws IOException {
            return new FileInputStream(file);
        }
    }
}
