package org.katzenpost.thin.internal;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's random bytes (query, message and SURB ids, session tokens, keypair seeds), read from the kernel's
 * cryptographic random source, {@code /dev/urandom}, as the Go client's {@code crypto/rand} and the Python client's
 * {@code os.urandom} do. Not the JDK's {@link SecureRandom}: a JVM's first one registers the security providers and
 * seeds a SHA1PRNG to mix into the same kernel bytes, 25–40 ms of a cold start (docs/performance.md, "The first call,
 * cold JVM"). Where there is no {@code /dev/urandom} (Windows), or it cannot be read, a {@link SecureRandom} instead.
 *
 * <p>Bytes are read {@value #BLOCK} at a time and each is handed out once, wiped from the block as it goes, so a
 * block holds only bytes not yet handed out. Thread-safe.
 */
public final class KernelRandom {
    private static final Logger log = LoggerFactory.getLogger(KernelRandom.class);

    /** How many bytes one read of the device takes: 16 ids of 16 bytes. */
    static final int BLOCK = 256;

    private static final KernelRandom SHARED = new KernelRandom(new File("/dev/urandom"));

    private final File device;
    private final byte[] block = new byte[BLOCK];
    /** Index of the next unused byte of {@link #block}; {@link #BLOCK} when it is used up. Guarded by this. */
    private int next = BLOCK;
    private FileInputStream in;
    private SecureRandom fallback;

    KernelRandom(File device) {
        this.device = device;
    }

    /**
     * Fills {@code out} with random bytes.
     *
     * @param out where they go; every byte is overwritten
     */
    public static void nextBytes(byte[] out) {
        SHARED.fill(out);
    }

    synchronized void fill(byte[] out) {
        int done = 0;
        while (done < out.length) {
            if (next == BLOCK && !refill()) {
                byte[] rest = new byte[out.length - done];
                fallback.nextBytes(rest);
                System.arraycopy(rest, 0, out, done, rest.length);
                Arrays.fill(rest, (byte) 0);
                return;
            }
            int n = Math.min(BLOCK - next, out.length - done);
            System.arraycopy(block, next, out, done, n);
            Arrays.fill(block, next, next + n, (byte) 0);
            next += n;
            done += n;
        }
    }

    /** {@return whether {@link #block} holds fresh bytes; false once the device failed (it is not tried again)} */
    private boolean refill() {
        if (fallback != null) {
            return false;
        }
        try {
            if (in == null) {
                in = new FileInputStream(device);
            }
            if (in.readNBytes(block, 0, BLOCK) == BLOCK) {
                next = 0;
                return true;
            }
            log.warn("{} ended: using the JDK's SecureRandom instead", device);
        } catch (FileNotFoundException e) {
            log.debug("no {} ({}): using the JDK's SecureRandom", device, e.toString()); // Windows: expected
        } catch (IOException e) {
            log.warn("cannot read {} ({}): using the JDK's SecureRandom instead", device, e.toString());
        }
        Arrays.fill(block, (byte) 0); // a short read may have left some
        closeQuietly();
        fallback = new SecureRandom();
        return false;
    }

    private void closeQuietly() {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing was read from it that matters
            }
            in = null;
        }
    }
}
