package org.katzenpost.store;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pigeonhole channels that survive a crash of the program at any point: a restarted sender finishes what
 * was pending with the same boxes, and a restarted receiver continues at the box after the last one stored.
 * Nothing is lost and nothing is written to a new box twice or handed to the application twice (as long as
 * the application calls {@link #consumed} once it has dealt with a message).
 *
 * <pre>{@code
 * try (ChannelStore store = ChannelStore.open(Path.of("chat.db"))) {
 *     PersistentChannels channels = new PersistentChannels(store, backend);
 *     channels.send("to-bob", "hello".getBytes(UTF_8));    // durable before it is sent
 *     ReceivedMessage m = channels.next("from-bob");        // stored before it is returned
 *     show(m.payload());
 *     channels.consumed(m);
 * }
 * }</pre>
 *
 * Not thread-safe per channel: use one writer and one reader per channel.
 */
public final class PersistentChannels {
    private static final Logger log = LoggerFactory.getLogger(PersistentChannels.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Called at each step boundary with the step's name; tests throw from it to simulate a crash there. The
     * names: {@code enqueued}, {@code written}, {@code stored}, {@code copy.staged}, {@code copy.element},
     * {@code copy.elements}, {@code copy.done}, {@code direct.box}.
     */
    @FunctionalInterface
    public interface Checkpoint {
        void reached(String step);
    }

    /** Progress of a multi-box operation: {@code done} of {@code total} units (boxes). */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total);

        Progress NONE = (d, t) -> {};
    }

    /** Opens the source of a direct transfer, positioned at {@code offset}. */
    @FunctionalInterface
    public interface Source {
        InputStream openAt(long offset) throws IOException;
    }

    /** Default boxes per chunk of a copy transfer: {@value}. */
    public static final int DEFAULT_COPY_CHUNK_BOXES = 4;
    /** Default copy-stream writes in flight per writer backend: {@value}. */
    public static final int DEFAULT_WRITES_IN_FLIGHT = 2;

    private final ChannelStore store;
    private final PigeonholeBackend backend;
    private volatile Checkpoint checkpoint = step -> {};
    private volatile int copyChunkBoxes = DEFAULT_COPY_CHUNK_BOXES;
    private volatile List<PigeonholeBackend> writers;
    private volatile int writesInFlight = DEFAULT_WRITES_IN_FLIGHT;

    public PersistentChannels(ChannelStore store, PigeonholeBackend backend) {
        this.store = Objects.requireNonNull(store, "store");
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    /** For tests: a hook called at every step boundary. */
    public PersistentChannels checkpoint(Checkpoint c) {
        this.checkpoint = Objects.requireNonNull(c, "checkpoint");
        return this;
    }

    /**
     * Sets how many destination boxes one chunk of a copy transfer encodes (one daemon call each).
     *
     * @param boxes boxes per chunk, at least 2 (default {@value #DEFAULT_COPY_CHUNK_BOXES})
     * @return this
     * @throws IllegalArgumentException when {@code boxes} is below 2
     */
    public PersistentChannels copyChunkBoxes(int boxes) {
        if (boxes < 2) {
            throw new IllegalArgumentException("copy chunks need at least 2 boxes, not " + boxes);
        }
        this.copyChunkBoxes = boxes;
        return this;
    }

    /**
     * Spreads the element writes of copy transfers over {@code writers} (for example one per daemon connection,
     * since kpclientd encrypts the requests of one connection one after the other), with
     * {@code inFlightPerWriter} writes in flight on each. Encoding and the copy command stay on the main
     * backend. Default: the main backend alone, {@value #DEFAULT_WRITES_IN_FLIGHT} in flight.
     *
     * @param writers backends to write elements with (thread-safe), at least one
     * @param inFlightPerWriter writes in flight per writer, 1 to 16
     * @return this
     * @throws IllegalArgumentException when {@code writers} is empty or {@code inFlightPerWriter} is out of range
     */
    public PersistentChannels copyWriters(List<PigeonholeBackend> writers, int inFlightPerWriter) {
        if (writers.isEmpty()) {
            throw new IllegalArgumentException("at least one writer");
        }
        if (inFlightPerWriter < 1 || inFlightPerWriter > 16) {
            throw new IllegalArgumentException("writes in flight per writer must be 1 to 16, not "
                    + inFlightPerWriter);
        }
        this.writers = List.copyOf(writers);
        this.writesInFlight = inFlightPerWriter;
        return this;
    }

    /** The state machine of transfers on this store and backend, with the current copy settings. */
    private TransferEngine transfers() {
        List<PigeonholeBackend> w = writers;
        return new TransferEngine(this, w == null ? List.of(backend) : w, writesInFlight, copyChunkBoxes);
    }

    public ChannelStore store() {
        return store;
    }

    public PigeonholeBackend backend() {
        return backend;
    }

    // ------------------------------------------------------------------ channels

    /** A fresh channel (random 32-byte seed), stored under {@code name} as a write channel. */
    public WriteChannel createWriteChannel(String name) {
        PigeonholeBackend.Keypair kp = newKeypair();
        return store.addWriteChannel(name, kp.writeCap(), kp.readCap(), kp.firstIndex());
    }

    /** A fresh keypair from a random seed, not stored. */
    public PigeonholeBackend.Keypair newKeypair() {
        return new KeypairFactory(backend).newKeypair();
    }

    /** Makes keypairs from fresh random 32-byte seeds, wiping each seed after use. */
    public record KeypairFactory(PigeonholeBackend backend) {
        public PigeonholeBackend.Keypair newKeypair() {
            byte[] seed = new byte[32];
            RANDOM.nextBytes(seed);
            try {
                return backend.newKeypair(seed);
            } finally {
                java.util.Arrays.fill(seed, (byte) 0);
            }
        }
    }

    // ------------------------------------------------------------------ messages

    /**
     * The longest message {@link #send} accepts on write channel {@code channel}: one box's plaintext, less the
     * frame header for a {@link ChannelFormat#FRAMED} channel.
     *
     * @param channel the write channel
     * @return the length in bytes (0 while the daemon's geometry is not known)
     */
    public int maxMessageLength(String channel) {
        return ChannelReads.maxSingleBoxMessage(requireWrite(channel).format(), backend.maxPlaintextPayloadLength());
    }

    /**
     * Sends one message (at most {@link #maxMessageLength} bytes; in a {@link ChannelFormat#BOXES} channel at
     * least one) as the next box of {@code channel}, after finishing anything pending on it. Returns once the
     * courier acknowledged it.
     */
    public OutgoingMessage send(String channel, byte[] payload) {
        byte[] box = ChannelReads.singleBox(requireWrite(channel).format(), payload,
                backend.maxPlaintextPayloadLength());
        flush(channel);
        WriteChannel ch = requireWrite(channel);
        byte[] next = backend.nextIndex(ch.nextIndex());
        OutgoingMessage m = store.enqueue(channel, ch.nextIndex(), next, box, 0, 0);
        checkpoint.reached("enqueued");
        transmit(ch, m);
        return new OutgoingMessage(m.id(), channel, m.boxIndex(), null, true, 0);
    }

    /** Writes every message of {@code channel} still waiting for an acknowledgement; returns how many. */
    public int flush(String channel) {
        WriteChannel ch = requireWrite(channel);
        List<OutgoingMessage> pending = store.pending(channel);
        for (OutgoingMessage m : pending) {
            log.debug("resending pending message {} on {}", m.id(), channel);
            transmit(ch, m);
        }
        return pending.size();
    }

    void transmit(WriteChannel ch, OutgoingMessage m) {
        // a pending tombstone has an empty payload, which SQLite may hand back as null
        backend.write(ch.writeCap(), m.boxIndex(), m.payload() == null ? new byte[0] : m.payload());
        checkpoint.reached("written");
        store.markSent(m.id());
    }

    /**
     * The next message of {@code channel}: the oldest stored one not yet {@link #consumed}, or else the next box,
     * read (blocking until it is written), stored and returned.
     */
    public ReceivedMessage next(String channel) {
        List<ReceivedMessage> waiting = store.unconsumed(channel);
        if (!waiting.isEmpty()) {
            return waiting.get(0);
        }
        return readNext(channel);
    }

    /** Reads, stores and returns the next box of {@code channel}, whatever is stored unconsumed before it. */
    public ReceivedMessage readNext(String channel) {
        return reads().next(requireRead(channel));
    }

    private ChannelReads reads() {
        return new ChannelReads(store, backend, step -> checkpoint.reached(step));
    }

    /**
     * Reads the next {@code n} boxes of {@code channel} in parallel (over the backends given to
     * {@link #copyWriters}, or the main one, several reads in flight on each), then stores them in order and
     * returns them. Only ask for boxes known to be written or about to be: a read of a box that is never written
     * waits until the mixnet deadline.
     *
     * @param channel a read channel in the store
     * @param n how many boxes, at least 1
     * @return the stored messages, in box order
     * @throws StoreException when the channel is missing or a read fails (boxes read before it are stored)
     * @throws IllegalArgumentException when {@code n} is below 1
     */
    public List<ReceivedMessage> readNext(String channel, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("read at least one box, not " + n);
        }
        ReadChannel ch = requireRead(channel);
        if (n == 1 || ch.format() == ChannelFormat.FRAMED) {
            // a framed message may span boxes: its length is known only once its first box is read
            List<ReceivedMessage> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(readNext(channel));
            }
            return out;
        }
        List<byte[]> indices = new ArrayList<>(n + 1);
        indices.add(ch.nextIndex());
        for (int i = 0; i < n; i++) {
            indices.add(backend.nextIndex(indices.get(i)));
        }
        List<PigeonholeBackend> readers = writers == null ? List.of(backend) : writers;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.min(n, readers.size() * writesInFlight), r -> {
                    Thread t = new Thread(r, "katzen-reader");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<java.util.concurrent.Future<byte[]>> reads = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                PigeonholeBackend b = readers.get(i % readers.size());
                byte[] idx = indices.get(i);
                reads.add(pool.submit(() -> b.read(ch.readCap(), idx)));
            }
            List<ReceivedMessage> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] payload;
                try {
                    payload = reads.get(i).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted while reading " + channel, e);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new StoreException("read failed: " + e.getCause(), e.getCause());
                }
                out.add(store.recordReceived(channel, indices.get(i), indices.get(i + 1), payload));
                checkpoint.reached("stored");
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The application has dealt with {@code m}: it will not be returned again. */
    public void consumed(ReceivedMessage m) {
        store.markConsumed(List.of(m.id()));
    }

    /**
     * Like {@link #send}, but reports whether the box was already written instead of counting that as plain
     * success ({@link #send} treats an existing box as success: Pigeonhole writes are idempotent, which is what
     * makes a resend after a crash safe). Either way the box is used and the channel moves on; {@code true}
     * means the write changed nothing (an earlier attempt of ours reached the replica, or another holder of the
     * write cap wrote that box first). Costs one more round trip to the replica.
     *
     * @param channel the write channel
     * @param payload the message, at most {@link #maxMessageLength} bytes
     * @return true if the box already existed
     * @throws StoreException if there is no such write channel
     */
    public boolean sendReportingExisting(String channel, byte[] payload) {
        byte[] box = ChannelReads.singleBox(requireWrite(channel).format(), payload,
                backend.maxPlaintextPayloadLength());
        flush(channel);
        WriteChannel ch = requireWrite(channel);
        byte[] next = backend.nextIndex(ch.nextIndex());
        OutgoingMessage m = store.enqueue(channel, ch.nextIndex(), next, box, 0, 0);
        checkpoint.reached("enqueued");
        boolean existed = backend.writeReportingExisting(ch.writeCap(), m.boxIndex(), box);
        checkpoint.reached("written");
        store.markSent(m.id());
        return existed;
    }

    /**
     * Like {@link #next}, but does not wait for an unwritten box: returns at once with nothing when the next box
     * of {@code channel} is not written (yet).
     *
     * @param channel the read channel
     * @return the oldest stored unconsumed message, or the next box read, stored and returned; empty if the
     *     next box is not written
     * @throws StoreException if there is no such read channel
     */
    public Optional<ReceivedMessage> nextNoRetry(String channel) {
        List<ReceivedMessage> waiting = store.unconsumed(channel);
        if (!waiting.isEmpty()) {
            return Optional.of(waiting.get(0));
        }
        return readNextNoRetry(channel);
    }

    /**
     * Like {@link #readNext}, but does not wait for an unwritten box.
     *
     * @param channel the read channel
     * @return the message read and stored, or empty if the next box is not written (the position stays)
     * @throws StoreException if there is no such read channel
     */
    public Optional<ReceivedMessage> readNextNoRetry(String channel) {
        return reads().nextNoRetry(requireRead(channel));
    }

    /**
     * Reads the message at box {@code index} of read channel {@code channel}, waiting until it is written, without
     * storing it or moving the channel. In a {@link ChannelFormat#FRAMED} channel the box must start a message
     * (else {@code ChannelFormatException}); the boxes after it that the message spans are read too.
     *
     * @param channel the read channel
     * @param index the box
     * @return the message (empty for a tombstone)
     */
    public byte[] readBox(String channel, byte[] index) {
        return reads().messageAt(requireRead(channel), index);
    }

    /**
     * Like {@link #readBox}, but returns at once when the box is not written.
     *
     * @param channel the read channel
     * @param index the box
     * @return the plaintext (empty for a tombstone), or empty if the box is not written
     */
    public Optional<byte[]> readBoxNoRetry(String channel, byte[] index) {
        return reads().messageAtNoRetry(requireRead(channel), index);
    }

    /**
     * Every message stored for read channel {@code channel}, consumed or not, oldest first. Payloads of
     * consumed messages are kept only when the channel keeps its history ({@link #keepHistory}).
     *
     * @param channel the read channel
     * @return the messages
     */
    public List<ReceivedMessage> allMessages(String channel) {
        requireRead(channel);
        return store.allReceived(channel);
    }

    /**
     * Keeps (or stops keeping) the payloads of consumed messages of {@code channel}, for {@link #allMessages}.
     *
     * @param channel the read channel
     * @param keep whether to keep them
     */
    public void keepHistory(String channel, boolean keep) {
        store.setKeepHistory(channel, keep);
    }

    /**
     * Deletes the channel {@code name}: its write channel and its read channel (whichever exist), with
     * everything stored for them. Boxes already written stay on the replicas; tombstone them first
     * ({@link #tombstoneFrom(String, byte[])}) if they must go.
     *
     * @param name the channel name
     * @return whether anything was deleted
     */
    public boolean deleteChannel(String name) {
        boolean w = store.deleteWriteChannel(name);
        boolean r = store.deleteReadChannel(name);
        return w || r;
    }

    // ------------------------------------------------------------------ tombstones

    /**
     * Tombstones the box at the channel's next index and moves the channel past it (crash-safe like
     * {@link #send}: queued, then written, then acknowledged). Readers of that box get an empty payload.
     *
     * @param channel the write channel
     * @return the queued tombstone, acknowledged
     */
    public OutgoingMessage tombstoneCurrent(String channel) {
        return tombstoneRange(channel, 1).get(0);
    }

    /**
     * Tombstones {@code count} boxes from the channel's next index on and moves the channel past them: all are
     * queued in one transaction, then written one by one; after a crash, {@link #flush} finishes them.
     *
     * @param channel the write channel
     * @param count how many boxes, at least 1
     * @return the tombstones, acknowledged, in box order
     */
    public List<OutgoingMessage> tombstoneRange(String channel, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        flush(channel);
        WriteChannel ch = requireWrite(channel);
        List<byte[]> boxes = new ArrayList<>(count);
        List<byte[]> empties = new ArrayList<>(count);
        byte[] idx = ch.nextIndex();
        for (int i = 0; i < count; i++) {
            boxes.add(idx);
            empties.add(new byte[0]);
            idx = backend.nextIndex(idx);
        }
        List<OutgoingMessage> queued = store.enqueueAll(channel, boxes, idx, empties);
        checkpoint.reached("enqueued");
        List<OutgoingMessage> out = new ArrayList<>(count);
        for (OutgoingMessage m : queued) {
            transmit(ch, m);
            out.add(new OutgoingMessage(m.id(), channel, m.boxIndex(), null, true, 0));
        }
        return out;
    }

    /**
     * Tombstones the box at {@code index}, leaving the channel's position alone. Not queued in the store: if it
     * fails or the program stops, call it again (it is idempotent).
     *
     * @param channel the write channel
     * @param index the box
     */
    public void tombstoneAt(String channel, byte[] index) {
        backend.write(requireWrite(channel).writeCap(), Objects.requireNonNull(index, "index"), new byte[0]);
    }

    /**
     * Tombstones {@code count} boxes from {@code startIndex} on, leaving the channel's position alone (idempotent;
     * not queued in the store).
     *
     * @param channel the write channel
     * @param startIndex the first box
     * @param count how many boxes
     * @return how many were tombstoned ({@code count})
     */
    public int tombstoneFrom(String channel, byte[] startIndex, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        byte[] cap = requireWrite(channel).writeCap();
        byte[] idx = Objects.requireNonNull(startIndex, "startIndex");
        for (int i = 0; i < count; i++) {
            backend.write(cap, idx, new byte[0]);
            idx = backend.nextIndex(idx);
        }
        return count;
    }

    /**
     * Tombstones every box of the channel from {@code startIndex} up to its next index (everything written
     * from there on), leaving the position alone. Idempotent; not queued in the store.
     *
     * @param channel the write channel
     * @param startIndex the first box; must be the channel's first index or a later one
     * @return how many boxes were tombstoned
     * @throws IllegalArgumentException if {@code startIndex} is not on the channel, at most
     *     {@value #MAX_TOMBSTONE_WALK} boxes before its next index
     */
    public int tombstoneFrom(String channel, byte[] startIndex) {
        WriteChannel ch = requireWrite(channel);
        Objects.requireNonNull(startIndex, "startIndex");
        long n = backend.counter(ch.nextIndex()) - backend.counter(startIndex);
        if (n < 0 || n > MAX_TOMBSTONE_WALK) {
            throw new IllegalArgumentException("the start index is not among the " + MAX_TOMBSTONE_WALK
                    + " boxes before the next index of \"" + channel + "\"");
        }
        byte[] idx = startIndex;
        for (long i = 0; i < n; i++) {
            idx = backend.nextIndex(idx);
        }
        if (!java.util.Arrays.equals(idx, ch.nextIndex())) {
            throw new IllegalArgumentException("the start index is not on the stream of \"" + channel + "\"");
        }
        return tombstoneFrom(channel, startIndex, (int) n);
    }

    // typed forms (the public Pigeonhole types of the thin client)

    /**
     * {@link #tombstoneAt(String, byte[])} with a typed index.
     *
     * @param channel the write channel
     * @param index the box
     */
    public void tombstoneAt(String channel, MessageBoxIndex index) {
        tombstoneAt(channel, Objects.requireNonNull(index, "index").toBytes());
    }

    /**
     * {@link #tombstoneFrom(String, byte[], int)} with a typed index.
     *
     * @param channel the write channel
     * @param startIndex the first box
     * @param count how many boxes
     * @return how many were tombstoned
     */
    public int tombstoneFrom(String channel, MessageBoxIndex startIndex, int count) {
        return tombstoneFrom(channel, Objects.requireNonNull(startIndex, "startIndex").toBytes(), count);
    }

    /**
     * {@link #tombstoneFrom(String, byte[])} with a typed index.
     *
     * @param channel the write channel
     * @param startIndex the first box
     * @return how many boxes were tombstoned
     */
    public int tombstoneFrom(String channel, MessageBoxIndex startIndex) {
        return tombstoneFrom(channel, Objects.requireNonNull(startIndex, "startIndex").toBytes());
    }

    /**
     * {@link #readBox(String, byte[])} with a typed index.
     *
     * @param channel the read channel
     * @param index the box
     * @return the plaintext (empty for a tombstone)
     */
    public byte[] readBox(String channel, MessageBoxIndex index) {
        return readBox(channel, Objects.requireNonNull(index, "index").toBytes());
    }

    /**
     * {@link #readBoxNoRetry(String, byte[])} with a typed index.
     *
     * @param channel the read channel
     * @param index the box
     * @return the plaintext (empty for a tombstone), or empty if the box is not written
     */
    public Optional<byte[]> readBoxNoRetry(String channel, MessageBoxIndex index) {
        return readBoxNoRetry(channel, Objects.requireNonNull(index, "index").toBytes());
    }

    /** The most boxes {@link #tombstoneFrom(String, byte[])} tombstones in one call. */
    public static final int MAX_TOMBSTONE_WALK = 100_000;

    // ------------------------------------------------------------------ copy streams

    /**
     * Starts a crash-safe copy stream over any number of destinations (add payloads, then finish through a
     * courier). Its state lives in the store: after a crash, {@link #copyStream(long)} picks it up again.
     *
     * @param label what the application calls it (may be null; not secret)
     * @return the builder
     */
    public CopyStreamBuilder copyStreamBuilder(String label) {
        PigeonholeBackend.Keypair temp = newKeypair();
        StoredCopyStream s = store.copyStreams().beginCopyStream(label, temp.writeCap(), temp.firstIndex());
        return new CopyStreamBuilder(this, s.id());
    }

    /**
     * The builder of a stored copy stream, e.g. one left unfinished by a crash ({@link #unfinishedCopyStreams}).
     *
     * @param id the stream id ({@link CopyStreamBuilder#id()})
     * @return its builder
     * @throws StoreException if there is no such stream
     */
    public CopyStreamBuilder copyStream(long id) {
        store.copyStreams().copyStream(id)
                .orElseThrow(() -> new StoreException("no copy stream " + id + " in " + store.file()));
        return new CopyStreamBuilder(this, id);
    }

    /**
     * The ids of copy streams neither finished nor abandoned.
     *
     * @return the ids, oldest first
     */
    public List<Long> unfinishedCopyStreams() {
        return store.copyStreams().openCopyStreams();
    }

    Checkpoint checkpointHook() {
        return checkpoint;
    }

    // ------------------------------------------------------------------ transfers

    /**
     * Sends {@code payload} (at most 10 MiB) through a copy stream: the receiver sees all its boxes or none.
     * Finishes earlier pending work on the channel first. On a {@link ChannelFormat#FRAMED} channel the payload
     * is one message (its frame is what the copy writes; the transfer's size counts the frame header).
     */
    public Transfer sendCopy(String channel, String label, byte[] payload, byte[] sha256, Progress progress) {
        return transfers().sendCopy(channel, label, payload, sha256, progress);
    }

    /**
     * Starts a direct transfer: {@code prefix} (e.g. a header) then the {@code size} bytes of {@code source},
     * box by box; each box is durable before it is written. Finishes earlier pending work first. On a
     * {@link ChannelFormat#FRAMED} channel prefix and source are one message, whose frame header goes first.
     */
    public Transfer sendDirect(String channel, String label, byte[] prefix, long size, byte[] sha256, Source source,
            Progress progress) {
        return transfers().sendDirect(channel, label, prefix, size, sha256, source, progress);
    }

    /** The unfinished transfer of {@code channel}, if any: resume it with {@link #resume}. */
    public Optional<Transfer> unfinishedTransfer(String channel) {
        return transfers().unfinishedTransfer(channel);
    }

    /**
     * Finishes {@code t} from where it stopped. A direct transfer needs its {@code source} again (and the same
     * prefix); so does a chunked copy transfer stopped before its last chunk was encoded (the source then
     * yields the whole copy payload, prefix included, from the given offset); otherwise a copy transfer has
     * everything it needs in the store.
     */
    public Transfer resume(Transfer t, Source source, Progress progress) {
        return transfers().resume(t, source, progress);
    }

    public Transfer resume(Transfer t, byte[] prefix, Source source, Progress progress) {
        return transfers().resume(t, prefix, source, progress);
    }

    /** Drops an unfinished transfer: its remaining boxes are never sent. */
    public void abandon(Transfer t) {
        transfers().abandon(t);
    }

    private ReadChannel requireRead(String channel) {
        return store.readChannel(channel).orElseThrow(() ->
                new StoreException("no read channel \"" + channel + "\" in " + store.file()));
    }

    WriteChannel requireWrite(String channel) {
        return store.writeChannel(channel).orElseThrow(() ->
                new StoreException("no write channel \"" + channel + "\" in " + store.file()));
    }
}
