package org.katzenpost.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.katzenpost.store.PersistentChannels.Progress;
import org.katzenpost.store.PersistentChannels.Source;
import org.katzenpost.thin.pigeonhole.CopyChunks;
import org.katzenpost.thin.pigeonhole.ChannelFrames;
import org.katzenpost.thin.pigeonhole.CopyDestination;
import org.katzenpost.thin.pigeonhole.CopyStreamBuffer;
import org.katzenpost.thin.pigeonhole.CourierEnvelopes;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.WriteCap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of a transfer, persisted in the store's {@code transfer} rows
 * ({@link Transfer.State}: {@code SENDING} → {@code COPYING} → {@code DONE}, or {@code ABANDONED}); every step is
 * durable before the one it enables, so {@link #resume} continues a transfer stopped at any point.
 *
 * <p>A direct transfer queues its boxes one by one, each durable with its box index before it is written, and
 * writes them in parallel over the writer clients, several in flight on each (the receiver reads them in index
 * order whatever order they land in). A copy transfer is cut into chunks
 * (docs/performance.md#file-transfer): the payload is encoded a bounded number of boxes at a time, each chunk one
 * daemon call with its own deadline, the encoder's residue carried from one chunk to the next; every chunk is
 * durable (elements, residue, offset, destination index) before its elements are written, so a crash loses at
 * most the chunk being encoded. While chunk {@code k+1} is encoded on the main client, the elements of the chunks
 * before it are written in parallel over the writer clients, several in flight on each. Then one copy command
 * writes every destination box, or none. On a {@link ChannelFormat#FRAMED} channel the transfer is one framed
 * message (docs/pigeonhole.md#the-channel-format).
 */
final class TransferEngine {
    private static final Logger log = LoggerFactory.getLogger(TransferEngine.class);

    private final PersistentChannels channels;
    private final ChannelStore store;
    private final DaemonCalls stager;
    private final List<DaemonCalls> writers;
    private final int inFlightPerWriter;
    private final int chunkBoxes;
    private final PersistentChannels.Checkpoint checkpoint;

    TransferEngine(PersistentChannels channels, List<DaemonCalls> writers, int inFlightPerWriter,
            int chunkBoxes) {
        this.channels = channels;
        this.store = channels.store();
        this.stager = channels.calls();
        this.writers = writers;
        this.inFlightPerWriter = inFlightPerWriter;
        this.chunkBoxes = chunkBoxes;
        this.checkpoint = step -> channels.checkpointHook().reached(step);
    }

    Transfer sendCopy(String channel, String label, byte[] payload, byte[] sha256, Progress progress) {
        Objects.requireNonNull(payload, "payload"); // checked before anything is stored
        Objects.requireNonNull(progress, "progress");
        if (channels.requireWrite(channel).format() == ChannelFormat.FRAMED) {
            payload = ChannelFrames.frame(payload);
        }
        channels.flush(channel);
        Optional<Transfer> open = store.transfers().openTransfer(channel);
        if (open.isPresent()) {
            throw new StoreException("channel \"" + channel + "\" has an unfinished transfer (" + open.get().label()
                    + "); resume it first");
        }
        WriteChannel ch = channels.requireWrite(channel);
        Keypair temp = channels.newKeypair();
        return resume(start(ch, label, payload, sha256, temp, progress), null, progress);
    }

    Transfer sendDirect(String channel, String label, byte[] prefix, long size, byte[] sha256, Source source,
            Progress progress) {
        channels.flush(channel);
        Optional<Transfer> open = store.transfers().openTransfer(channel);
        if (open.isPresent()) {
            throw new StoreException("channel \"" + channel + "\" has an unfinished transfer (" + open.get().label()
                    + "); resume it first");
        }
        checkDirect(channels.requireWrite(channel), prefix, size, source, progress);
        Transfer t = store.transfers().beginDirectTransfer(channel, label, sha256, size);
        return resumeDirect(t, prefix, source, progress);
    }

    /**
     * What {@link #resumeDirect} would refuse, refused before the transfer is stored: a transfer begun with bad
     * arguments would block the channel until abandoned.
     */
    private void checkDirect(WriteChannel ch, byte[] prefix, long size, Source source, Progress progress) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(progress, "progress");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, got " + size);
        }
        stager.client(); // offline channels fail here, with the store's own message
        int head = (prefix == null ? 0 : prefix.length)
                + (ch.format() == ChannelFormat.FRAMED ? ChannelFrames.HEADER_LENGTH : 0);
        int max = stager.maxPlaintextPayloadLength();
        if (head >= max) {
            throw new IllegalArgumentException("a " + head + "-byte prefix leaves no room in a " + max + "-byte box");
        }
    }

    Optional<Transfer> unfinishedTransfer(String channel) {
        return store.transfers().openTransfer(channel);
    }

    Transfer resume(Transfer t, Source source, Progress progress) {
        return resume(t, null, source, progress);
    }

    Transfer resume(Transfer t, byte[] prefix, Source source, Progress progress) {
        Objects.requireNonNull(progress, "progress");
        if (t.kind() == Transfer.Kind.DIRECT) {
            return resumeDirect(t, prefix, source, progress);
        }
        WriteChannel ch = channels.requireWrite(t.channel());
        Transfer cur = store.transfers().transfer(t.id()).orElseThrow();
        if (cur.state() == Transfer.State.DONE) {
            return cur;
        }
        if (cur.state() == Transfer.State.SENDING) {
            run(cur, ch.format() == ChannelFormat.FRAMED && source != null
                    ? framed(source, cur.size() - ChannelFrames.HEADER_LENGTH) : source, progress);
        }
        long total = store.transfers().copyElements(t.id()).size() + 1L;
        progress.update(total - 1, total);
        if (!stager.copy(cur.tempWriteCap(), null, (int) (total - 1))) {
            log.debug("copy of transfer {} had completed before; not repeated", t.id());
        }
        checkpoint.reached("copy.done");
        store.transfers().setTransferState(t.id(), Transfer.State.DONE);
        progress.update(total, total);
        log.debug("copy transfer {} on {} done", t.id(), ch.name());
        return store.transfers().transfer(t.id()).orElseThrow();
    }

    private static Source framed(Source message, long length) {
        byte[] header = ChannelFrames.header(length);
        return offset -> offset >= header.length ? message.openAt(offset - header.length)
                : new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(header, (int) offset,
                        header.length - (int) offset), message.openAt(0));
    }

    private Transfer resumeDirect(Transfer t, byte[] prefix, Source source, Progress progress) {
        Objects.requireNonNull(source, "a direct transfer needs its source to resume");
        byte[] head = prefix == null ? new byte[0] : prefix;
        WriteChannel ch = channels.requireWrite(t.channel());
        if (ch.format() == ChannelFormat.FRAMED) {
            byte[] header = ChannelFrames.header(head.length + t.size());
            byte[] framedHead = java.util.Arrays.copyOf(header, header.length + head.length);
            System.arraycopy(head, 0, framedHead, header.length, head.length);
            head = framedHead;
        }
        int max = stager.maxPlaintextPayloadLength();
        if (head.length >= max) {
            throw new IllegalArgumentException("a " + head.length + "-byte prefix leaves no room in a " + max
                    + "-byte box");
        }
        long firstRoom = max - head.length;
        long totalBoxes = t.size() <= firstRoom ? 1 : 1 + ceilDiv(t.size() - firstRoom, max);
        Transfer cur = store.transfers().transfer(t.id()).orElseThrow();
        long queued = store.boxesOfTransfer(cur.id());
        // what was queued before a crash goes out first, to the same boxes (the channel's other pending messages too)
        List<OutgoingMessage> pending = store.pending(t.channel());
        AtomicLong sent = new AtomicLong(queued - pending.stream().filter(m -> m.transferId() == t.id()).count());
        Runnable report = () -> {
            synchronized (progress) {
                progress.update(sent.get(), totalBoxes);
            }
        };
        // a direct transfer reads its source as it goes: twice the writes in flight ahead of them, no more
        try (ParallelWrites writes = writes("a direct transfer", "katzen-direct-writer-",
                2 * writers.size() * inFlightPerWriter)) {
            long seq = 0;
            for (OutgoingMessage m : pending) {
                submitBox(writes, seq++, ch, m, m.transferId() == t.id() ? sent : new AtomicLong(), report);
            }
            report.run();
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
                    writes.throwIfFailed(); // a failed write stops the transfer before more is queued
                    WriteChannel now = channels.requireWrite(t.channel());
                    MessageBoxIndex next = nextIndexBesideWrites(now.nextIndex());
                    OutgoingMessage m = store.enqueue(t.channel(), now.nextIndex(), next, box, t.id(), n);
                    checkpoint.reached("enqueued");
                    submitBox(writes, seq++, now, m, sent, report);
                    offset += n;
                    queued++;
                }
            } catch (IOException e) {
                throw new StoreException("cannot read the source of transfer \"" + t.label() + "\": " + e.getMessage(),
                        e);
            }
            writes.awaitAll();
        }
        store.transfers().setTransferState(t.id(), Transfer.State.DONE);
        return store.transfers().transfer(t.id()).orElseThrow();
    }

    /**
     * Writes a queued box (the {@code seq}-th of this run) over the next writer, marks it sent and counts it in
     * {@code sent}.
     */
    private void submitBox(ParallelWrites writes, long seq, WriteChannel ch, OutgoingMessage m, AtomicLong sent,
            Runnable report) {
        int writer = (int) Math.floorMod(seq, (long) writers.size());
        DaemonCalls w = writers.get(writer);
        writes.submit(writer, () -> {
            channels.transmit(w, ch, m);
            checkpoint.reached("direct.box");
            sent.incrementAndGet();
            report.run();
        });
    }

    void abandon(Transfer t) {
        store.transfers().setTransferState(t.id(), Transfer.State.ABANDONED);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /**
     * How the payload is cut into chunks, with the box size known now: never over one daemon call's limit (the
     * setter checked the box count against the box size it knew then).
     */
    private CopyChunks chunking() {
        return CopyChunks.of(stager.maxPlaintextPayloadLength(), chunkBoxes);
    }

    /** Stages the first chunk and runs the transfer. */
    private Transfer start(WriteChannel ch, String label, byte[] payload, byte[] sha256, Keypair temp,
            Progress progress) {
        int n = chunking().at(0, payload.length).length();
        boolean last = n == payload.length;
        CourierEnvelopes c = encodeChunk(java.util.Arrays.copyOf(payload, n), ch.writeCap(), ch.nextIndex(), true,
                last, CopyStreamBuffer.EMPTY);
        if (c.envelopeCount() == 0 && !last) {
            throw new StoreException("the daemon returned no copy-stream element for a chunk of " + n + " bytes");
        }
        List<MessageBoxIndex> tempIndices = indices(temp.firstIndex(), c.envelopeCount());
        Transfer t = store.transfers().beginChunkedCopyTransfer(ch.name(), label, sha256, payload.length, n,
                ch.nextIndex(), c.nextDestIndex(), temp.writeCap(), tempIndices, c.envelopes(), c.buffer());
        checkpoint.reached("copy.staged");
        run(t, off -> new java.io.ByteArrayInputStream(payload, (int) off, payload.length - (int) off), progress);
        return store.transfers().transfer(t.id()).orElseThrow();
    }

    /**
     * Continues {@code t} from the store: stages the chunks not staged yet, writes the elements not written,
     * and moves it to {@code COPYING}; the caller then sends the copy command.
     */
    void run(Transfer t, Source source, Progress progress) {
        Transfer cur = store.transfers().transfer(t.id()).orElseThrow();
        if (cur.state() != Transfer.State.SENDING) {
            return;
        }
        WriteChannel ch = store.writeChannel(cur.channel()).orElseThrow(() ->
                new StoreException("no write channel \"" + t.channel() + "\" in " + store.file()));
        CopyChunks plan = chunking();
        long destBoxes = Math.max(1, plan.boxes(cur.size()));
        long chunks = plan.count(cur.size());
        List<CopyElement> stored = store.transfers().copyElements(t.id());
        long chunksStaged = Math.min(chunks, ceilDiv(cur.offset(), plan.chunkBytes()));
        AtomicLong done = new AtomicLong(chunksStaged + stored.stream().filter(CopyElement::written).count());
        AtomicLong total = new AtomicLong(chunks + Math.max(destBoxes, stored.size()) + 1);
        Runnable report = () -> {
            synchronized (progress) {
                progress.update(Math.min(done.get(), total.get() - 1), total.get());
            }
        };
        report.run();
        {
            // the encoder is never held back by the writes (a copy's payload is in memory already)
            try (ParallelWrites writes = writes("a copy transfer", "katzen-copy-writer-", Integer.MAX_VALUE)) {
                for (CopyElement e : stored) {
                    if (!e.written()) {
                        submit(writes, cur, e, done, report);
                    }
                }
                if (cur.offset() < cur.size()) {
                    if (source == null) {
                        throw new StoreException("the copy transfer \"" + cur.label() + "\" stopped after "
                                + cur.offset() + " of " + cur.size() + " bytes were encoded; resuming it needs its"
                                + " source again");
                    }
                    if (stored.isEmpty()) {
                        throw new StoreException("copy transfer " + cur.id() + " has no element to continue from");
                    }
                    MessageBoxIndex nextTemp = stager.nextIndex(stored.get(stored.size() - 1).tempIndex());
                    int seq = stored.size();
                    try (InputStream in = source.openAt(cur.offset())) {
                        while (cur.offset() < cur.size()) {
                            writes.throwIfFailed();
                            long off = cur.offset();
                            int n = chunking().at(off, cur.size()).length();
                            byte[] chunk = in.readNBytes(n);
                            if (chunk.length != n) {
                                throw new StoreException("the source of transfer \"" + cur.label() + "\" ended after "
                                        + (off + chunk.length) + " of " + cur.size() + " bytes; did it change?");
                            }
                            boolean last = off + n == cur.size();
                            CourierEnvelopes c = encodeChunk(chunk, ch.writeCap(), cur.destNextIndex(), false,
                                    last, store.transfers().copyBuffer(cur.id()));
                            List<MessageBoxIndex> tempIndices = new ArrayList<>(c.envelopeCount());
                            for (int i = 0; i < c.envelopeCount(); i++) {
                                tempIndices.add(nextTemp);
                                nextTemp = nextIndexBesideWrites(nextTemp);
                            }
                            cur = store.transfers().stageCopyChunk(cur.id(), off, off + n, c.nextDestIndex(),
                                    tempIndices,
                                    c.envelopes(), c.buffer());
                            checkpoint.reached("copy.chunk");
                            total.set(Math.max(total.get(), chunks + seq + c.envelopeCount() + 1));
                            done.incrementAndGet();
                            report.run();
                            for (int i = 0; i < c.envelopeCount(); i++) {
                                CopyElement e = new CopyElement(cur.id(), seq + i, tempIndices.get(i),
                                        c.envelope(i), false);
                                submit(writes, cur, e, done, report);
                            }
                            seq += c.envelopeCount();
                            log.debug("copy transfer {}: staged {} of {} bytes", cur.id(), cur.offset(), cur.size());
                        }
                    } catch (IOException e) {
                        throw new StoreException("cannot read the source of transfer \"" + cur.label() + "\": "
                                + e.getMessage(), e);
                    }
                }
                total.set(done.get() + writes.unfinished() + 1);
                writes.awaitAll();
            }
            store.transfers().setTransferState(t.id(), Transfer.State.COPYING);
            checkpoint.reached("copy.elements");
        }
    }

    private void submit(ParallelWrites writes, Transfer t, CopyElement e, AtomicLong done, Runnable report) {
        int writer = Math.floorMod(e.seq(), writers.size());
        DaemonCalls w = writers.get(writer);
        writes.submit(writer, () -> {
            w.write(t.tempWriteCap(), e.tempIndex(), e.element());
            checkpoint.reached("copy.element");
            store.transfers().markElementWritten(t.id(), e.seq());
            done.incrementAndGet();
            report.run();
        });
    }

    /**
     * The writes of one transfer over the writer clients, {@code inFlightPerWriter} on each, at most
     * {@code maxQueued} submitted and not finished.
     */
    private ParallelWrites writes(String what, String threadName, int maxQueued) {
        return new ParallelWrites(what, writers.size(), inFlightPerWriter, threadName, maxQueued);
    }

    /**
     * The index after {@code index}, asked while this transfer's writes are in flight: over the main client, whose
     * requests kpclientd answers one after the other, so when the main client is also a writer the answer waits
     * behind up to {@code inFlightPerWriter} of its encryptions, and the call gets the mixnet deadline they have.
     */
    private MessageBoxIndex nextIndexBesideWrites(MessageBoxIndex index) {
        for (DaemonCalls w : writers) {
            if (w.sharesConnectionWith(stager)) {
                return stager.nextIndexBehindWrites(index);
            }
        }
        return stager.nextIndex(index);
    }

    /**
     * Encodes one chunk of the payload into the destination stream from {@code destStartIndex} on (one daemon
     * call with its own deadline), carrying the previous chunk's residue in.
     */
    private CourierEnvelopes encodeChunk(byte[] chunk, WriteCap destWriteCap, MessageBoxIndex destStartIndex,
            boolean isStart, boolean isLast, CopyStreamBuffer buffer) {
        return stager.encode(List.of(new CopyDestination(chunk, destWriteCap, destStartIndex)), isStart, isLast,
                buffer);
    }

    private List<MessageBoxIndex> indices(MessageBoxIndex first, int n) {
        List<MessageBoxIndex> out = new ArrayList<>(n);
        MessageBoxIndex idx = first;
        for (int i = 0; i < n; i++) {
            out.add(idx);
            if (i + 1 < n) {
                idx = stager.nextIndex(idx);
            }
        }
        return out;
    }
}
