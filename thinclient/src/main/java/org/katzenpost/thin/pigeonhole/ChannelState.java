package org.katzenpost.thin.pigeonhole;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a channel stands: its caps (a write cap to write, a read cap to read, or both) and the index of the next
 * box to write or read. Export it with {@link #toBytes()} or {@link #toBase64()} after sending or receiving, and
 * import it with {@link #fromBytes(byte[])} / {@link #fromBase64(String)} to resume after a restart.
 *
 * <p>The exported form holds the caps, so it is <strong>secret</strong>: store it like a private key.
 * {@link #toString()} shows only which caps are present and fingerprints.
 *
 * <p>Layout of {@link #toBytes()} (version 1): the ASCII magic {@code KPCS}, a version byte (1), a flags byte
 * (bit 0: write cap present, bit 1: read cap present), the 168-byte write cap if present, the 136-byte read cap
 * if present, the 104-byte next index.
 */
public final class ChannelState {
    private static final byte[] MAGIC = "KPCS".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int HAS_WRITE = 1;
    private static final int HAS_READ = 2;

    private final WriteCap writeCap;
    private final ReadCap readCap;
    private final MessageBoxIndex nextIndex;

    private ChannelState(WriteCap writeCap, ReadCap readCap, MessageBoxIndex nextIndex) {
        if (writeCap == null && readCap == null) {
            throw new IllegalArgumentException("a channel state needs a write cap, a read cap, or both");
        }
        this.writeCap = writeCap;
        this.readCap = readCap;
        this.nextIndex = Objects.requireNonNull(nextIndex, "nextIndex");
    }

    /** A writer's state: write cap and the next box to write. */
    public static ChannelState forWriter(WriteCap writeCap, MessageBoxIndex nextIndex) {
        return new ChannelState(Objects.requireNonNull(writeCap, "writeCap"), null, nextIndex);
    }

    /** A reader's state: read cap and the next box to read. */
    public static ChannelState forReader(ReadCap readCap, MessageBoxIndex nextIndex) {
        return new ChannelState(null, Objects.requireNonNull(readCap, "readCap"), nextIndex);
    }

    /** Both caps of a fresh stream, at its first index. */
    public static ChannelState of(Keypair keypair) {
        Objects.requireNonNull(keypair, "keypair");
        return new ChannelState(keypair.writeCap(), keypair.readCap(), keypair.firstIndex());
    }

    /** Any combination of caps (one may be null, not both). */
    public static ChannelState of(WriteCap writeCap, ReadCap readCap, MessageBoxIndex nextIndex) {
        return new ChannelState(writeCap, readCap, nextIndex);
    }

    public Optional<WriteCap> writeCap() {
        return Optional.ofNullable(writeCap);
    }

    public Optional<ReadCap> readCap() {
        return Optional.ofNullable(readCap);
    }

    public MessageBoxIndex nextIndex() {
        return nextIndex;
    }

    /** The same caps at another index. */
    public ChannelState withNextIndex(MessageBoxIndex index) {
        return new ChannelState(writeCap, readCap, index);
    }

    /**
     * The state to give a reader: the read cap and this state's index, without the write cap. Throws
     * {@link IllegalStateException} if there is no read cap.
     */
    public ChannelState forReaderOnly() {
        if (readCap == null) {
            throw new IllegalStateException("this channel state has no read cap");
        }
        return new ChannelState(null, readCap, nextIndex);
    }

    public byte[] toBytes() {
        int len = MAGIC.length + 2 + (writeCap == null ? 0 : WriteCap.LENGTH) + (readCap == null ? 0 : ReadCap.LENGTH)
                + MessageBoxIndex.LENGTH;
        byte[] out = new byte[len];
        int p = 0;
        System.arraycopy(MAGIC, 0, out, p, MAGIC.length);
        p += MAGIC.length;
        out[p++] = VERSION;
        out[p++] = (byte) ((writeCap == null ? 0 : HAS_WRITE) | (readCap == null ? 0 : HAS_READ));
        if (writeCap != null) {
            System.arraycopy(writeCap.raw(), 0, out, p, WriteCap.LENGTH);
            p += WriteCap.LENGTH;
        }
        if (readCap != null) {
            System.arraycopy(readCap.raw(), 0, out, p, ReadCap.LENGTH);
            p += ReadCap.LENGTH;
        }
        System.arraycopy(nextIndex.raw(), 0, out, p, MessageBoxIndex.LENGTH);
        return out;
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(toBytes());
    }

    /** Parses {@link #toBytes()} output; anything malformed is an {@link IllegalArgumentException}. */
    public static ChannelState fromBytes(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("channel state must not be null");
        }
        if (bytes.length < MAGIC.length + 2
                || !Arrays.equals(Arrays.copyOfRange(bytes, 0, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException("not a channel state (bad magic)");
        }
        int version = bytes[MAGIC.length] & 0xFF;
        if (version != VERSION) {
            throw new IllegalArgumentException("unsupported channel state version " + version);
        }
        int flags = bytes[MAGIC.length + 1] & 0xFF;
        if ((flags & ~(HAS_WRITE | HAS_READ)) != 0 || flags == 0) {
            throw new IllegalArgumentException("bad channel state flags " + flags);
        }
        boolean w = (flags & HAS_WRITE) != 0;
        boolean r = (flags & HAS_READ) != 0;
        int expected = MAGIC.length + 2 + (w ? WriteCap.LENGTH : 0) + (r ? ReadCap.LENGTH : 0) + MessageBoxIndex.LENGTH;
        if (bytes.length != expected) {
            throw new IllegalArgumentException("channel state must be " + expected + " bytes for flags " + flags
                    + ", got " + bytes.length);
        }
        int p = MAGIC.length + 2;
        WriteCap wc = null;
        ReadCap rc = null;
        if (w) {
            wc = WriteCap.of(Arrays.copyOfRange(bytes, p, p + WriteCap.LENGTH));
            p += WriteCap.LENGTH;
        }
        if (r) {
            rc = ReadCap.of(Arrays.copyOfRange(bytes, p, p + ReadCap.LENGTH));
            p += ReadCap.LENGTH;
        }
        return new ChannelState(wc, rc, MessageBoxIndex.of(Arrays.copyOfRange(bytes, p, p + MessageBoxIndex.LENGTH)));
    }

    public static ChannelState fromBase64(String base64) {
        return fromBytes(Blob.decodeBase64(base64, "ChannelState"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelState && MessageDigest.isEqual(toBytes(), ((ChannelState) o).toBytes());
    }

    @Override
    public int hashCode() {
        return nextIndex.hashCode();
    }

    @Override
    public String toString() {
        return "ChannelState(" + (writeCap == null ? "" : writeCap + ", ") + (readCap == null ? "" : readCap + ", ")
                + "next " + nextIndex + ")";
    }
}
