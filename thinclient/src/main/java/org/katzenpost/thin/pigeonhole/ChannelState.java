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

    /**
     * A writer's state.
     *
     * @param writeCap the stream's write capability
     * @param nextIndex the next box to write
     * @return the state
     * @throws NullPointerException if an argument is null
     */
    public static ChannelState forWriter(WriteCap writeCap, MessageBoxIndex nextIndex) {
        return new ChannelState(Objects.requireNonNull(writeCap, "writeCap"), null, nextIndex);
    }

    /**
     * A reader's state.
     *
     * @param readCap the stream's read capability
     * @param nextIndex the next box to read
     * @return the state
     * @throws NullPointerException if an argument is null
     */
    public static ChannelState forReader(ReadCap readCap, MessageBoxIndex nextIndex) {
        return new ChannelState(null, Objects.requireNonNull(readCap, "readCap"), nextIndex);
    }

    /**
     * Both caps of a fresh stream, at its first index.
     *
     * @param keypair a new keypair from {@code newKeypair}
     * @return the state
     * @throws NullPointerException if {@code keypair} is null
     */
    public static ChannelState of(Keypair keypair) {
        Objects.requireNonNull(keypair, "keypair");
        return new ChannelState(keypair.writeCap(), keypair.readCap(), keypair.firstIndex());
    }

    /**
     * Any combination of caps.
     *
     * @param writeCap the write capability, or null for a reader
     * @param readCap the read capability, or null for a writer that keeps no read cap
     * @param nextIndex the next box to write or read
     * @return the state
     * @throws IllegalArgumentException if both caps are null
     * @throws NullPointerException if {@code nextIndex} is null
     */
    public static ChannelState of(WriteCap writeCap, ReadCap readCap, MessageBoxIndex nextIndex) {
        return new ChannelState(writeCap, readCap, nextIndex);
    }

    /**
     * The write capability.
     *
     * @return the cap, or empty for a reader's state
     */
    public Optional<WriteCap> writeCap() {
        return Optional.ofNullable(writeCap);
    }

    /**
     * The read capability.
     *
     * @return the cap, or empty for a writer's state without one
     */
    public Optional<ReadCap> readCap() {
        return Optional.ofNullable(readCap);
    }

    /**
     * The next box to write or read.
     *
     * @return its index
     */
    public MessageBoxIndex nextIndex() {
        return nextIndex;
    }

    /**
     * The same caps at another index, typically after a send or a receive.
     *
     * @param index the new next index
     * @return a new state; this one is unchanged
     * @throws NullPointerException if {@code index} is null
     */
    public ChannelState withNextIndex(MessageBoxIndex index) {
        return new ChannelState(writeCap, readCap, index);
    }

    /**
     * The state to give a reader: the read cap and this state's index, without the write cap.
     *
     * @return a reader's state
     * @throws IllegalStateException if this state has no read cap
     */
    public ChannelState forReaderOnly() {
        if (readCap == null) {
            throw new IllegalStateException("this channel state has no read cap");
        }
        return new ChannelState(null, readCap, nextIndex);
    }

    /**
     * The exported form (layout above). <strong>Secret</strong>: it holds the caps.
     *
     * @return a fresh array
     */
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

    /**
     * {@link #toBytes()} as standard Base64 text, for configuration files and copy-and-paste. <strong>Secret</strong>.
     *
     * @return the text, with padding
     */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(toBytes());
    }

    /**
     * Imports a state exported by {@link #toBytes()}.
     *
     * @param bytes the exported form
     * @return the state
     * @throws IllegalArgumentException if the bytes are null, have the wrong magic, version or flags, or the wrong
     *        length; the message never shows the bytes
     */
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

    /**
     * Imports a state exported by {@link #toBase64()}; URL-safe Base64 and surrounding whitespace are accepted too.
     *
     * @param base64 the text
     * @return the state
     * @throws IllegalArgumentException if the text is null, not Base64, or not a valid exported state; the message
     *        never shows the text
     */
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
