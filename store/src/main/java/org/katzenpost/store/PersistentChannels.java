package org.katzenpost.store;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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

    private ChunkedCopy chunked() {
        List<PigeonholeBackend> w = writers;
        return new ChunkedCopy(store, backend, w == null ? List.of(backend) : w, writesInFlight, copyChunkBoxes,
                step -> checkpoint.reached(step));
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
     * Sends one message (at most {@link PigeonholeBackend#maxPlaintextPayloadLength()} bytes) as the next box of
     * {@code channel}, after finishing anything pending on it. Returns once the courier acknowledged it.
     */
    public OutgoingMessage send(String channel, byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        int max = backend.maxPlaintextPayloadLength();
        if (max > 0 && payload.length > max) {
            throw new IllegalArgumentException("message of " + payload.length + " bytes does not fit in one box ("
                    + max + " bytes)");
        }
        if (payload.length == 0) {
            throw new IllegalArgumentException("an empty message would be a tombstone; send at least one byte");
        }
        flush(channel);
        WriteChannel ch = requireWrite(channel);
        byte[] next = backend.nextIndex(ch.nextIndex());
        OutgoingMessage m = store.enqueue(channel, ch.nextIndex(), next, payload, 0, 0);
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

    private void transmit(WriteChannel ch, OutgoingMessage m) {
        backend.write(ch.writeCap(), m.boxIndex(), m.payload());
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
        ReadChannel ch = store.readChannel(channel).orElseThrow(() ->
                new StoreException("no read channel \"" + channel + "\" in " + store.file()));
        byte[] payload = backend.read(ch.readCap(), ch.nextIndex());
        byte[] next = backend.nextIndex(ch.nextIndex());
        ReceivedMessage m = store.recordReceived(channel, ch.nextIndex(), next, payload);
        checkpoint.reached("stored");
        return m;
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
        if (n == 1) {
            return List.of(readNext(channel));
        }
        ReadChannel ch = store.readChannel(channel).orElseThrow(() ->
                new StoreException("no read channel \"" + channel + "\" in " + store.file()));
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

    // ------------------------------------------------------------------ transfers

    /**
     * Sends {@code payload} (at most 10 MiB) through a copy stream: the receiver sees all its boxes or none.
     * Finishes earlier pending work on the channel first.
     */
    public Transfer sendCopy(String channel, String label, byte[] payload, byte[] sha256, Progress progress) {
        flush(channel);
        Optional<Transfer> open = store.openTransfer(channel);
        if (open.isPresent()) {
            throw new StoreException("channel \"" + channel + "\" has an unfinished transfer (" + open.get().label()
                    + "); resume it first");
        }
        WriteChannel ch = requireWrite(channel);
        PigeonholeBackend.Keypair temp = newKeypair();
        Transfer staged = chunked().start(ch, label, payload, sha256, temp, progress);
        if (staged != null) {
            return resume(staged, null, progress);
        }
        PigeonholeBackend.CopyEnvelopes env = backend.createCopyEnvelopes(payload, ch.writeCap(), ch.nextIndex());
        List<byte[]> tempIndices = new ArrayList<>(env.elements().size());
        byte[] idx = temp.firstIndex();
        for (int i = 0; i < env.elements().size(); i++) {
            tempIndices.add(idx);
            if (i + 1 < env.elements().size()) {
                idx = backend.nextIndex(idx);
            }
        }
        Transfer t = store.beginCopyTransfer(channel, label, sha256, payload.length, ch.nextIndex(),
                env.nextDestIndex(), temp.writeCap(), tempIndices, env.elements());
        checkpoint.reached("copy.staged");
        return resume(t, null, progress);
    }

    /**
     * Starts a direct transfer: {@code prefix} (e.g. a header) then the {@code size} bytes of {@code source},
     * box by box; each box is durable before it is written. Finishes earlier pending work first.
     */
    public Transfer sendDirect(String channel, String label, byte[] prefix, long size, byte[] sha256, Source source,
            Progress progress) {
        flush(channel);
        Optional<Transfer> open = store.openTransfer(channel);
        if (open.isPresent()) {
            throw new StoreException("channel \"" + channel + "\" has an unfinished transfer (" + open.get().label()
                    + "); resume it first");
        }
        Transfer t = store.beginDirectTransfer(channel, label, sha256, size);
        return resumeDirect(t, prefix, source, progress);
    }

    /** The unfinished transfer of {@code channel}, if any: resume it with {@link #resume}. */
    public Optional<Transfer> unfinishedTransfer(String channel) {
        return store.openTransfer(channel);
    }

    /**
     * Finishes {@code t} from where it stopped. A direct transfer needs its {@code source} again (and the same
     * prefix); so does a chunked copy transfer stopped before its last chunk was encoded (the source then
     * yields the whole copy payload, prefix included, from the given offset); otherwise a copy transfer has
     * everything it needs in the store.
     */
    public Transfer resume(Transfer t, Source source, Progress progress) {
        return resume(t, null, source, progress);
    }

    public Transfer resume(Transfer t, byte[] prefix, Source source, Progress progress) {
        Objects.requireNonNull(progress, "progress");
        if (t.kind() == Transfer.Kind.DIRECT) {
            return resumeDirect(t, prefix, source, progress);
        }
        WriteChannel ch = requireWrite(t.channel());
        Transfer cur = store.transfer(t.id()).orElseThrow();
        if (cur.state() == Transfer.State.DONE) {
            return cur;
        }
        if (cur.state() == Transfer.State.SENDING) {
            chunked().run(cur, source, progress);
        }
        long total = store.copyElements(t.id()).size() + 1L;
        progress.update(total - 1, total);
        try {
            backend.copy(cur.tempWriteCap());
        } catch (RuntimeException e) {
            if (!backend.isAlreadyCopied(e)) {
                throw e;
            }
            log.debug("copy of transfer {} had completed before; not repeated", t.id());
        }
        checkpoint.reached("copy.done");
        store.setTransferState(t.id(), Transfer.State.DONE);
        progress.update(total, total);
        log.debug("copy transfer {} on {} done", t.id(), ch.name());
        return store.transfer(t.id()).orElseThrow();
    }

    private Transfer resumeDirect(Transfer t, byte[] prefix, Source source, Progress progress) {
        Objects.requireNonNull(source, "a direct transfer needs its source to resume");
        byte[] head = prefix == null ? new byte[0] : prefix;
        WriteChannel ch = requireWrite(t.channel());
        int max = backend.maxPlaintextPayloadLength();
        if (head.length >= max) {
            throw new IllegalArgumentException("a " + head.length + "-byte prefix leaves no room in a " + max
                    + "-byte box");
        }
        long firstRoom = max - head.length;
        long totalBoxes = t.size() <= firstRoom ? 1 : 1 + ceilDiv(t.size() - firstRoom, max);
        // what was queued before a crash goes out first, to the same boxes
        for (OutgoingMessage m : store.pending(t.channel())) {
            transmit(ch, m);
        }
        Transfer cur = store.transfer(t.id()).orElseThrow();
        long queued = store.boxesOfTransfer(cur.id());
        progress.update(queued, totalBoxes);
        try (InputStream in = source.openAt(cur.offset())) {
            long offset = cur.offset();
            while (queued < totalBoxes) {
                boolean first = queued == 0;
                int room = (int) (first ? firstRoom : max);
                int n = (int) Math.min(room, t.size() - offset);
                byte[] box = new byte[(first ? head.length : 0) + n];
                if (first) {
                    System.arraycopy(head, 0, box, 0, head.length);
                }
                int got = in.readNBytes(box, box.length - n, n);
                if (got != n) {
                    throw new StoreException("the source of transfer \"" + t.label() + "\" ended after "
                            + (offset + got) + " of " + t.size() + " bytes; did it change?");
                }
                WriteChannel now = requireWrite(t.channel());
                byte[] next = backend.nextIndex(now.nextIndex());
                OutgoingMessage m = store.enqueue(t.channel(), now.nextIndex(), next, box, t.id(), n);
                checkpoint.reached("enqueued");
                transmit(now, m);
                checkpoint.reached("direct.box");
                offset += n;
                queued++;
                progress.update(queued, totalBoxes);
            }
        } catch (IOException e) {
            throw new StoreException("cannot read the source of transfer \"" + t.label() + "\": " + e.getMessage(), e);
        }
        store.setTransferState(t.id(), Transfer.State.DONE);
        return store.transfer(t.id()).orElseThrow();
    }

    /** Drops an unfinished transfer: its remaining boxes are never sent. */
    public void abandon(Transfer t) {
        store.setTransferState(t.id(), Transfer.State.ABANDONED);
    }

    private WriteChannel requireWrite(String channel) {
        return store.writeChannel(channel).orElseThrow(() ->
                new StoreException("no write channel \"" + channel + "\" in " + store.file()));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
