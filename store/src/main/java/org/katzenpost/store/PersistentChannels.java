package org.katzenpost.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.katzenpost.thin.pigeonhole.CopyChunks;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pigeonhole.WriteCap;
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
 *     // each mixnet call waits at most 5 minutes
 *     PersistentChannels channels = new PersistentChannels(store,
 *             client.pigeonhole().withTimeout(Duration.ofMinutes(5)));
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

    /**
     * Called at each step boundary with the step's name; tests throw from it to simulate a crash there. The
     * names: {@code enqueued}, {@code written}, {@code stored}, {@code copy.staged}, {@code copy.chunk},
     * {@code copy.element}, {@code copy.elements}, {@code copy.done}, {@code direct.box}, and for a
     * {@link CopyStreamBuilder} {@code stream.staged}, {@code stream.element}, {@code stream.elements},
     * {@code stream.done}.
     */
    @FunctionalInterface
    public interface Checkpoint {
        /**
         * Called when the calling operation reached {@code step}, on the thread doing that step (for copy
         * elements, a writer thread).
         *
         * @param step the step's name, one of those listed on {@link Checkpoint}
         */
        void reached(String step);
    }

    /**
     * Progress of a multi-box operation: {@code done} of {@code total} steps. A step is a box for a direct
     * transfer; for a copy transfer, a chunk encoded, an element written or the final copy command. May be
     * called from the library's writer threads, but never by two threads at once.
     */
    @FunctionalInterface
    public interface Progress {
        /**
         * Reports progress. Should return quickly: the transfer waits for it.
         *
         * @param done steps finished, from 0 to {@code total}
         * @param total steps in all; for a copy transfer an estimate that may grow while chunks are encoded
         */
        void update(long done, long total);

        /** Ignores every update. */
        Progress NONE = (d, t) -> {};
    }

    /**
     * Opens the source of a direct transfer, positioned at {@code offset}: a transfer resumed after a crash
     * reopens its source where it stopped, so the source must yield the same bytes every time.
     */
    @FunctionalInterface
    public interface Source {
        /**
         * Opens the source at {@code offset}; the transfer closes the stream when done with it.
         *
         * @param offset bytes of the source to skip, from 0 up to its size
         * @return a stream of the source's bytes from {@code offset} on
         * @throws IOException if the source cannot be opened (the transfer fails with a {@link StoreException}
         *     and can be resumed)
         */
        InputStream openAt(long offset) throws IOException;
    }

    /** Default boxes per chunk of a copy transfer: {@value}. */
    public static final int DEFAULT_COPY_CHUNK_BOXES = 4;
    /** Default copy-stream writes in flight per writer: {@value}. */
    public static final int DEFAULT_WRITES_IN_FLIGHT = 2;
    /**
     * The most boxes {@link #readNext(String, int)} reads and {@link #tombstoneRange(String, int)} tombstones in one
     * call: {@value} (over 140 MiB of boxes); more is a caller's mistake, refused before anything is allocated.
     */
    public static final int MAX_BOXES_PER_CALL = 100_000;

    private final ChannelStore store;
    private final DaemonCalls calls;
    private volatile Checkpoint checkpoint = step -> {};
    private volatile int copyChunkBoxes = DEFAULT_COPY_CHUNK_BOXES;
    private volatile List<DaemonCalls> writers;
    private volatile int writesInFlight = DEFAULT_WRITES_IN_FLIGHT;

    /**
     * Channels kept in {@code store}, sent and read through {@code pigeonhole}. Each call through the mixnet
     * (or that makes the daemon encrypt) waits at most the client's {@link PigeonholeClient#timeout()} (pick it
     * with {@code client.pigeonhole().withTimeout(d)}); the local calls (new keypairs, next indices) wait at
     * most the thin client's request timeout. Creates no threads and sends nothing until a method is called; the caller
     * keeps ownership of both (closing the store and the client is its job).
     *
     * @param store the open store
     * @param pigeonhole the Pigeonhole API of a connected thin client
     * @throws NullPointerException if either is null
     */
    public PersistentChannels(ChannelStore store, PigeonholeClient pigeonhole) {
        this(store, DaemonCalls.over(Objects.requireNonNull(pigeonhole, "pigeonhole")));
    }

    private PersistentChannels(ChannelStore store, DaemonCalls calls) {
        this.store = Objects.requireNonNull(store, "store");
        this.calls = calls;
    }

    /**
     * Channels kept in {@code store} with no connection to kpclientd, for what needs none: reading what is
     * stored ({@link #allMessages}, {@link #store()}), consuming, deleting channels, keeping history. Every call
     * that would reach the daemon fails with a {@link StoreException}; {@link #maxMessageLength} is 0.
     *
     * @param store the open store
     * @return the channels
     * @throws NullPointerException if {@code store} is null
     */
    public static PersistentChannels offline(ChannelStore store) {
        return new PersistentChannels(store, DaemonCalls.offline());
    }

    /**
     * For tests: a hook called at every step boundary (replacing the previous one; by default none).
     *
     * @param c the hook; an exception it throws propagates from the operation as if the program stopped there
     * @return this
     * @throws NullPointerException if {@code c} is null
     */
    public PersistentChannels checkpoint(Checkpoint c) {
        this.checkpoint = Objects.requireNonNull(c, "checkpoint");
        return this;
    }

    /**
     * Sets how many destination boxes one chunk of a copy transfer, or of a large {@link CopyStreamBuilder} add,
     * encodes (one daemon call each, with its own deadline). One chunk's bytes must fit in one daemon call, at
     * most {@value PigeonholeClient#MAX_COPY_PAYLOAD_LENGTH} bytes: with the client's box size that allows
     * {@code MAX_COPY_PAYLOAD_LENGTH / (maxPlaintextPayloadLength - 4)} boxes (6,786 with the testnet's
     * MaxPlaintextPayloadLength of 1,549).
     *
     * @param boxes boxes per chunk, at least 2 (default {@value #DEFAULT_COPY_CHUNK_BOXES})
     * @return this
     * @throws IllegalArgumentException when {@code boxes} is below 2, or so many that one chunk would be over
     *     {@value PigeonholeClient#MAX_COPY_PAYLOAD_LENGTH} bytes
     */
    public PersistentChannels copyChunkBoxes(int boxes) {
        if (boxes < 2) {
            throw new IllegalArgumentException("copy chunks need at least 2 boxes, not " + boxes);
        }
        int most = CopyChunks.maxBoxesPerCall(calls.maxPlaintextPayloadLength());
        if (boxes > most) {
            throw new IllegalArgumentException("copy chunks hold at most " + most + " boxes (the daemon takes at most "
                    + PigeonholeClient.MAX_COPY_PAYLOAD_LENGTH + " bytes per call), not " + boxes);
        }
        this.copyChunkBoxes = boxes;
        return this;
    }

    /**
     * Spreads the element writes of copy transfers, the box writes of direct transfers, and the reads of
     * {@link #readNext(String, int)}, over
     * {@code writers} (for example one per thin client connection, since kpclientd encrypts the requests of one
     * connection one after the other), with {@code inFlightPerWriter} calls in flight on each. Encoding and the
     * copy command stay on the main client. Default: the main client alone, {@value #DEFAULT_WRITES_IN_FLIGHT}
     * in flight.
     *
     * @param writers the Pigeonhole clients to write elements and boxes with, at least one (each with its deadline)
     * @param inFlightPerWriter writes in flight per writer, 1 to 16
     * @return this
     * @throws IllegalArgumentException when {@code writers} is empty or {@code inFlightPerWriter} is out of range
     * @throws NullPointerException when {@code writers} is or holds null
     */
    public PersistentChannels copyWriters(List<PigeonholeClient> writers, int inFlightPerWriter) {
        writers = List.copyOf(Objects.requireNonNull(writers, "writers")); // List.copyOf refuses a null writer
        if (writers.isEmpty()) {
            throw new IllegalArgumentException("at least one writer");
        }
        if (inFlightPerWriter < 1 || inFlightPerWriter > 16) {
            throw new IllegalArgumentException("writes in flight per writer must be 1 to 16, not "
                    + inFlightPerWriter);
        }
        List<DaemonCalls> w = new ArrayList<>(writers.size());
        for (PigeonholeClient c : writers) {
            w.add(DaemonCalls.over(Objects.requireNonNull(c, "writer")));
        }
        this.writers = List.copyOf(w);
        this.writesInFlight = inFlightPerWriter;
        return this;
    }

    /** Boxes per copy-stream call, as {@link #copyChunkBoxes(int)} set them: for {@link CopyStreamBuilder} too. */
    int chunkBoxes() {
        return copyChunkBoxes;
    }

    /** The state machine of transfers on this store and client, with the current copy settings. */
    private TransferEngine transfers() {
        return new TransferEngine(this, parallel(), writesInFlight, copyChunkBoxes);
    }

    /** The clients of parallel writes and reads: those of {@link #copyWriters}, or the main one. */
    private List<DaemonCalls> parallel() {
        List<DaemonCalls> w = writers;
        return w == null ? List.of(calls) : w;
    }

    /**
     * The store the channels are kept in.
     *
     * @return the store given to the constructor
     */
    public ChannelStore store() {
        return store;
    }

    /**
     * The main Pigeonhole client: every call but the parallel element writes and reads of {@link #copyWriters}
     * goes through it.
     *
     * @return the client given to the constructor
     * @throws StoreException if these channels are {@link #offline}
     */
    public PigeonholeClient pigeonhole() {
        return calls.client();
    }

    DaemonCalls calls() {
        return calls;
    }

    // ------------------------------------------------------------------ channels

    /**
     * A fresh channel (random 32-byte seed), stored under {@code name} as a write channel in the
     * {@link ChannelFormat#FRAMED} format. Hand its {@link WriteChannel#readCap()} and
     * {@link WriteChannel#firstIndex()} to the reader.
     *
     * @param name the channel name, not blank and not yet used by a write channel
     * @return the stored channel
     * @throws IllegalArgumentException if {@code name} is null or blank
     * @throws StoreException if a write channel of that name exists (its caps differ) or the database fails
     * @throws org.katzenpost.thin.ThinClientException if the daemon cannot make the keypair
     */
    public WriteChannel createWriteChannel(String name) {
        Keypair kp = newKeypair();
        return store.addWriteChannel(name, kp.writeCap(), kp.readCap(), kp.firstIndex());
    }

    /**
     * A fresh keypair from a random 32-byte seed, not stored; the seed is wiped after use.
     *
     * @return the keypair (its write cap is secret)
     * @throws org.katzenpost.thin.ThinClientException if the daemon cannot make it
     */
    public Keypair newKeypair() {
        return calls.newKeypair();
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
        return ChannelReads.maxSingleBoxMessage(requireWrite(channel).format(), calls.maxPlaintextPayloadLength());
    }

    /**
     * Sends one message (at most {@link #maxMessageLength} bytes; in a {@link ChannelFormat#BOXES} channel at
     * least one) as the next box of {@code channel}, after finishing anything pending on it ({@link #flush}).
     * Returns once the courier acknowledged it. The message is stored before it is written, so if the write
     * fails or the program stops, {@link #flush} (or the next send) writes it again to the same box.
     *
     * @param channel the write channel
     * @param payload the message (secret); not kept once acknowledged
     * @return the message, sent, without its payload
     * @throws NullPointerException if {@code payload} is null
     * @throws IllegalArgumentException if the message does not fit in one box, or is empty in a
     *     {@link ChannelFormat#BOXES} channel (it would be a tombstone)
     * @throws StoreException if there is no such write channel or the database fails
     * @throws org.katzenpost.thin.ThinClientException if the daemon fails (for
     *     example a {@link org.katzenpost.thin.RequestTimeoutException} at its mixnet deadline)
     */
    public OutgoingMessage send(String channel, byte[] payload) {
        byte[] box = ChannelReads.singleBox(requireWrite(channel).format(), payload,
                calls.maxPlaintextPayloadLength());
        flush(channel);
        WriteChannel ch = requireWrite(channel);
        MessageBoxIndex next = calls.nextIndex(ch.nextIndex());
        OutgoingMessage m = store.enqueue(channel, ch.nextIndex(), next, box, 0, 0);
        checkpoint.reached("enqueued");
        transmit(ch, m);
        return new OutgoingMessage(m.id(), channel, m.boxIndex(), null, true, 0);
    }

    /**
     * Writes every message of {@code channel} still waiting for an acknowledgement (left by a crash or a
     * failed send), oldest first, each to the box it took.
     *
     * @param channel the write channel
     * @return how many messages were written; 0 if none was pending
     * @throws StoreException if there is no such write channel or the database fails
     * @throws org.katzenpost.thin.ThinClientException if the daemon fails (the messages not written stay
     *     pending)
     */
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
        transmit(calls, ch, m);
    }

    /** Writes the queued message {@code m} through {@code via} and marks it sent. */
    void transmit(DaemonCalls via, WriteChannel ch, OutgoingMessage m) {
        // a pending tombstone has an empty payload, which SQLite may hand back as null
        byte[] payload = m.payload();
        via.write(ch.writeCap(), m.boxIndex(), payload == null ? new byte[0] : payload);
        checkpoint.reached("written");
        store.markSent(m.id());
    }

    /**
     * The next message of {@code channel}: the oldest stored one not yet {@link #consumed}, or else the next box,
     * read (blocking until it is written), stored and returned. Calling it again before {@link #consumed}
     * returns the same message.
     *
     * @param channel the read channel
     * @return the message (an empty payload for a tombstoned box)
     * @throws StoreException if there is no such read channel or the database fails
     * @throws org.katzenpost.thin.pigeonhole.ChannelFormatException in a {@link ChannelFormat#FRAMED} channel,
     *     when the boxes do not hold a well-formed message (the channel moves past them)
     * @throws org.katzenpost.thin.ThinClientException if the daemon fails (for
     *     example a {@link org.katzenpost.thin.RequestTimeoutException} when the box is not written by its mixnet
     *     deadline); the channel stays where it was
     */
    public ReceivedMessage next(String channel) {
        List<ReceivedMessage> waiting = store.unconsumed(channel);
        if (!waiting.isEmpty()) {
            return waiting.get(0);
        }
        return readNext(channel);
    }

    /**
     * Reads (blocking until it is written), stores and returns the next message of {@code channel}, whatever is
     * stored unconsumed before it.
     *
     * @param channel the read channel
     * @return the message (an empty payload for a tombstoned box)
     * @throws StoreException if there is no such read channel or the database fails
     * @throws org.katzenpost.thin.pigeonhole.ChannelFormatException in a {@link ChannelFormat#FRAMED} channel,
     *     when the boxes do not hold a well-formed message (the channel moves past them)
     * @throws org.katzenpost.thin.ThinClientException if the daemon fails; the channel stays where it was
     */
    public ReceivedMessage readNext(String channel) {
        return reads().next(requireRead(channel));
    }

    private ChannelReads reads() {
        return new ChannelReads(store, calls, step -> checkpoint.reached(step));
    }

    /**
     * Reads the next {@code n} boxes of {@code channel} in parallel (over the clients given to
     * {@link #copyWriters}, or the main one, several reads in flight on each), then stores them in order and
     * returns them. Only ask for boxes known to be written or about to be: a read of a box that is never written
     * waits until the mixnet deadline.
     *
     * @param channel a read channel in the store
     * @param n how many boxes, 1 to {@value #MAX_BOXES_PER_CALL}
     * @return the stored messages, in box order
     * @throws StoreException when the channel is missing or the database fails (boxes read before it are stored)
     * @throws org.katzenpost.thin.ThinClientException when a read fails, e.g. {@code RequestTimeoutException} at
     *     the mixnet deadline (boxes read before it are stored)
     * @throws IllegalArgumentException when {@code n} is below 1 or above {@value #MAX_BOXES_PER_CALL}
     */
    public List<ReceivedMessage> readNext(String channel, int n) {
        if (n < 1 || n > MAX_BOXES_PER_CALL) {
            throw new IllegalArgumentException("read 1 to " + MAX_BOXES_PER_CALL + " boxes, not " + n);
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
        List<MessageBoxIndex> indices = new ArrayList<>(n + 1);
        indices.add(ch.nextIndex());
        for (int i = 0; i < n; i++) {
            indices.add(calls.nextIndex(indices.get(i)));
        }
        List<DaemonCalls> readers = parallel();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.min(n, readers.size() * writesInFlight), new DaemonThreads("katzen-reader-"));
        try {
            List<java.util.concurrent.Future<byte[]>> reads = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                DaemonCalls b = readers.get(i % readers.size());
                MessageBoxIndex idx = indices.get(i);
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

    /**
     * The application has dealt with {@code m}: it will not be returned again, and its payload is dropped
     * unless the channel keeps its history ({@link #setKeepHistory}). Calling it twice is harmless.
     *
     * @param m a message returned by this object's reads
     * @throws NullPointerException if {@code m} is null
     * @throws StoreException if the database fails
     */
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
                calls.maxPlaintextPayloadLength());
        flush(channel);
        WriteChannel ch = requireWrite(channel);
        MessageBoxIndex next = calls.nextIndex(ch.nextIndex());
        OutgoingMessage m = store.enqueue(channel, ch.nextIndex(), next, box, 0, 0);
        checkpoint.reached("enqueued");
        boolean existed = calls.writeReportingExisting(ch.writeCap(), m.boxIndex(), box);
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
    public byte[] readBox(String channel, MessageBoxIndex index) {
        return reads().messageAt(requireRead(channel), Objects.requireNonNull(index, "index"));
    }

    /**
     * Like {@link #readBox}, but returns at once when the box is not written.
     *
     * @param channel the read channel
     * @param index the box
     * @return the plaintext (empty for a tombstone), or empty if the box is not written
     */
    public Optional<byte[]> readBoxNoRetry(String channel, MessageBoxIndex index) {
        return reads().messageAtNoRetry(requireRead(channel), Objects.requireNonNull(index, "index"));
    }

    /**
     * Every message stored for read channel {@code channel}, consumed or not, oldest first. Payloads of
     * consumed messages are kept only when the channel keeps its history ({@link #setKeepHistory}).
     *
     * @param channel the read channel
     * @return the messages
     */
    public List<ReceivedMessage> allMessages(String channel) {
        requireRead(channel);
        return store.allReceived(channel);
    }

    /**
     * Keeps (or stops keeping) the payloads of consumed messages of {@code channel}, for {@link #allMessages}
     * (off by default: payloads are dropped once consumed). The setting is stored with the channel.
     *
     * @param channel the read channel
     * @param keep true to keep payloads of messages consumed from now on
     * @throws StoreException if there is no such read channel, or the database fails
     * @see ChannelStore#setKeepHistory
     */
    public void setKeepHistory(String channel, boolean keep) {
        store.setKeepHistory(channel, keep);
    }

    /**
     * Deletes the channel {@code name}: its write channel and its read channel (whichever exist), with
     * everything stored for them. Boxes already written stay on the replicas; tombstone them first
     * ({@link #tombstoneFrom(String, MessageBoxIndex)}) if they must go.
     *
     * @param name the channel name
     * @return whether anything was deleted
     * @throws IllegalArgumentException if {@code name} is null or blank
     * @throws StoreException if the database fails
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
     * @throws StoreException if there is no such write channel or the database fails
     * @throws org.katzenpost.thin.ThinClientException if the daemon fails; the tombstone stays queued for
     *     {@link #flush}
     */
    public OutgoingMessage tombstoneCurrent(String channel) {
        return tombstoneRange(channel, 1).get(0);
    }

    /**
     * Tombstones {@code count} boxes from the channel's next index on and moves the channel past them: all are
     * queued in one transaction, then written one by one; after a crash, {@link #flush} finishes them.
     *
     * <p>Not the same as {@link org.katzenpost.thin.pigeonhole.PigeonholeClient#tombstoneRange
     * PigeonholeClient.tombstoneRange(writeCap, start, count)}, which tombstones boxes from any start, has no
     * channel position to move, queues nothing and accepts a count of 0; that one is
     * {@link #tombstoneFrom(String, MessageBoxIndex, int)} here. This one takes the boxes the channel would write
     * next, as {@link #send} does, so that no message is ever written to them.
     *
     * @param channel the write channel
     * @param count how many boxes, 1 to {@value #MAX_BOXES_PER_CALL}
     * @return the tombstones, acknowledged, in box order
     * @throws IllegalArgumentException if {@code count} is less than 1 or more than {@value #MAX_BOXES_PER_CALL}
     * @throws StoreException if there is no such write channel or the database fails
     * @throws org.katzenpost.thin.ThinClientException if the daemon fails; the tombstones not yet written stay
     *     queued for {@link #flush}
     */
    public List<OutgoingMessage> tombstoneRange(String channel, int count) {
        if (count < 1 || count > MAX_BOXES_PER_CALL) {
            throw new IllegalArgumentException("count must be 1 to " + MAX_BOXES_PER_CALL + ", got " + count);
        }
        flush(channel);
        WriteChannel ch = requireWrite(channel);
        List<MessageBoxIndex> boxes = new ArrayList<>(count);
        List<byte[]> empties = new ArrayList<>(count);
        MessageBoxIndex idx = ch.nextIndex();
        for (int i = 0; i < count; i++) {
            boxes.add(idx);
            empties.add(new byte[0]);
            idx = calls.nextIndex(idx);
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
     * @throws NullPointerException if {@code index} is null
     * @throws StoreException if there is no such write channel or the database fails
     * @throws org.katzenpost.thin.ThinClientException if the daemon fails
     */
    public void tombstoneAt(String channel, MessageBoxIndex index) {
        calls.write(requireWrite(channel).writeCap(), Objects.requireNonNull(index, "index"), new byte[0]);
    }

    /**
     * Tombstones {@code count} boxes from {@code startIndex} on, leaving the channel's position alone (idempotent;
     * not queued in the store: if it fails or the program stops, call it again).
     *
     * <p>This is what {@link org.katzenpost.thin.pigeonhole.PigeonholeClient#tombstoneRange
     * PigeonholeClient.tombstoneRange(writeCap, start, count)} does, with the channel's write cap; not to be
     * confused with {@link #tombstoneRange(String, int)} here, which tombstones the channel's next boxes and
     * moves it past them.
     *
     * @param channel the write channel
     * @param startIndex the first box
     * @param count how many boxes, not negative (0 does nothing)
     * @return how many were tombstoned ({@code count})
     * @throws IllegalArgumentException if {@code count} is negative
     * @throws NullPointerException if {@code startIndex} is null
     * @throws StoreException if there is no such write channel or the database fails
     * @throws org.katzenpost.thin.ThinClientException if the daemon fails
     */
    public int tombstoneFrom(String channel, MessageBoxIndex startIndex, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        WriteCap cap = requireWrite(channel).writeCap();
        MessageBoxIndex idx = Objects.requireNonNull(startIndex, "startIndex");
        for (int i = 0; i < count; i++) {
            calls.write(cap, idx, new byte[0]);
            idx = calls.nextIndex(idx);
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
     * @throws NullPointerException if {@code startIndex} is null
     * @throws StoreException if there is no such write channel or the database fails
     * @throws org.katzenpost.thin.ThinClientException if the daemon fails
     */
    public int tombstoneFrom(String channel, MessageBoxIndex startIndex) {
        WriteChannel ch = requireWrite(channel);
        Objects.requireNonNull(startIndex, "startIndex");
        long n = ch.nextIndex().counter() - startIndex.counter();
        if (n < 0 || n > MAX_TOMBSTONE_WALK) {
            throw new IllegalArgumentException("the start index is not among the " + MAX_TOMBSTONE_WALK
                    + " boxes before the next index of \"" + channel + "\"");
        }
        MessageBoxIndex idx = startIndex;
        for (long i = 0; i < n; i++) {
            idx = calls.nextIndex(idx);
        }
        if (!idx.equals(ch.nextIndex())) {
            throw new IllegalArgumentException("the start index is not on the stream of \"" + channel + "\"");
        }
        return tombstoneFrom(channel, startIndex, (int) n);
    }

    /** The most boxes {@link #tombstoneFrom(String, MessageBoxIndex)} tombstones in one call: {@value}. */
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
        Keypair temp = newKeypair();
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
     * is one message (its frame is what the copy writes; the transfer's size counts the frame header). Every
     * step is stored before the next, so after a failure or a crash {@link #unfinishedTransfer} and
     * {@link #resume} finish it.
     *
     * @param channel the write channel
     * @param label what the application calls the transfer (not secret; stored and shown in errors), or null
     * @param payload the bytes to send (secret)
     * @param sha256 a digest of the payload to keep with the transfer, or null
     * @param progress receives progress updates ({@link Progress#NONE} for none)
     * @return the transfer, {@link Transfer.State#DONE}
     * @throws NullPointerException if {@code payload} or {@code progress} is null
     * @throws StoreException if there is no such write channel, it has an unfinished transfer, or the database
     *     fails
     * @throws org.katzenpost.thin.ThinClientException if the daemon fails (resume the transfer later)
     */
    public Transfer sendCopy(String channel, String label, byte[] payload, byte[] sha256, Progress progress) {
        return transfers().sendCopy(channel, label, payload, sha256, progress);
    }

    /**
     * Starts a direct transfer: {@code prefix} (e.g. a header) then the {@code size} bytes of {@code source},
     * box by box; each box is durable before it is written, and the boxes are written in parallel over the
     * {@link #copyWriters} (the main client alone by default), {@code inFlightPerWriter} on each, with at most
     * twice that many read ahead from {@code source}. Finishes earlier pending work first. On a
     * {@link ChannelFormat#FRAMED} channel prefix and source are one message, whose frame header goes first.
     * The receiver sees the boxes as they are written. After a failure or a crash, {@link #resume} with the same
     * prefix and source finishes it.
     *
     * @param channel the write channel
     * @param label what the application calls the transfer (not secret; stored and shown in errors), or null
     * @param prefix bytes sent before the source, in the first box, or null for none (not stored: pass it
     *     again to {@link #resume(Transfer, byte[], Source, Progress)})
     * @param size how many bytes the source yields
     * @param sha256 a digest of the source to keep with the transfer (so a resume can check it is unchanged),
     *     or null
     * @param source the source, reopened at the right offset on resume
     * @param progress receives progress updates ({@link Progress#NONE} for none)
     * @return the transfer, {@link Transfer.State#DONE}
     * @throws IllegalArgumentException if the prefix leaves no room in the first box or {@code size} is negative
     * @throws NullPointerException if {@code source} or {@code progress} is null
     * @throws StoreException if there is no such write channel, it has an unfinished transfer, these channels are
     *     {@link #offline}, the source cannot be read or ends early, or the database fails
     *     (nothing is stored for a transfer refused before its first box: arguments and the channel are checked
     *     first)
     * @throws org.katzenpost.thin.ThinClientException if the daemon fails (resume the transfer later)
     */
    public Transfer sendDirect(String channel, String label, byte[] prefix, long size, byte[] sha256, Source source,
            Progress progress) {
        return transfers().sendDirect(channel, label, prefix, size, sha256, source, progress);
    }

    /**
     * The unfinished transfer of {@code channel}, if any (a channel has at most one): resume it with
     * {@link #resume} or drop it with {@link #abandon}.
     *
     * @param channel the write channel
     * @return the oldest transfer neither done nor abandoned, or empty
     * @throws StoreException if the database fails
     */
    public Optional<Transfer> unfinishedTransfer(String channel) {
        return transfers().unfinishedTransfer(channel);
    }

    /**
     * Finishes {@code t} from where it stopped. A direct transfer needs its {@code source} again (and the same
     * prefix); so does a chunked copy transfer stopped before its last chunk was encoded (the source then
     * yields the whole copy payload, prefix included, from the given offset); otherwise a copy transfer has
     * everything it needs in the store. A copy transfer already done is returned as it is.
     *
     * @param t the transfer, from {@link #unfinishedTransfer}
     * @param source the source (see above), or null when the copy transfer does not need it
     * @param progress receives progress updates ({@link Progress#NONE} for none)
     * @return the transfer, {@link Transfer.State#DONE}
     * @throws NullPointerException if {@code progress} is null, or {@code source} is null for a direct transfer
     * @throws StoreException if its channel is gone, the source cannot be read or ends early, or the database
     *     fails
     * @throws org.katzenpost.thin.ThinClientException if the daemon fails (resume again later)
     */
    public Transfer resume(Transfer t, Source source, Progress progress) {
        return transfers().resume(t, source, progress);
    }

    /**
     * Like {@link #resume(Transfer, Source, Progress)}, for a direct transfer started with a {@code prefix}:
     * pass the same prefix again.
     *
     * @param t the transfer, from {@link #unfinishedTransfer}
     * @param prefix the prefix it was started with, or null for none
     * @param source the source (see {@link #resume(Transfer, Source, Progress)})
     * @param progress receives progress updates ({@link Progress#NONE} for none)
     * @return the transfer, {@link Transfer.State#DONE}
     * @throws NullPointerException if {@code progress} is null, or {@code source} is null for a direct transfer
     * @throws StoreException if its channel is gone, the source cannot be read or ends early, or the database
     *     fails
     * @throws org.katzenpost.thin.ThinClientException if the daemon fails (resume again later)
     */
    public Transfer resume(Transfer t, byte[] prefix, Source source, Progress progress) {
        return transfers().resume(t, prefix, source, progress);
    }

    /**
     * Drops an unfinished transfer: the boxes it has not queued yet are never sent, and the channel may start a
     * new one. Boxes a direct transfer already wrote stay written, and those it queued but had not written (their
     * indices are taken) are written by the channel's next {@link #flush} or send, so the channel has no hole;
     * the channel reuses none of them.
     *
     * @param t the transfer
     * @throws StoreException if the database fails
     */
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
