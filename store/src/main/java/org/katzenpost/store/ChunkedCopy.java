package org.katzenpost.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of a copy transfer cut into chunks (docs/performance.md#file-transfer): the payload is
 * encoded a bounded number of boxes at a time, each chunk one daemon call with its own deadline, the encoder's
 * residue carried from one chunk to the next; every chunk is durable (elements, residue, offset, destination
 * index) before its elements are written, so a crash loses at most the chunk being encoded. While chunk
 * {@code k+1} is encoded on the envelope backend, the elements of the chunks before it are written in parallel
 * over the writer backends, several in flight on each.
 */
final class ChunkedCopy {
    private static final Logger log = LoggerFactory.getLogger(ChunkedCopy.class);

    private final ChannelStore store;
    private final PigeonholeBackend stager;
    private final List<PigeonholeBackend> writers;
    private final int inFlightPerWriter;
    private final int chunkBoxes;
    private final PersistentChannels.Checkpoint checkpoint;

    ChunkedCopy(ChannelStore store, PigeonholeBackend stager, List<PigeonholeBackend> writers,
            int inFlightPerWriter, int chunkBoxes, PersistentChannels.Checkpoint checkpoint) {
        this.store = store;
        this.stager = stager;
        this.writers = writers;
        this.inFlightPerWriter = inFlightPerWriter;
        this.chunkBoxes = chunkBoxes;
        this.checkpoint = checkpoint;
    }

    private int chunkBytes() {
        return chunkBoxes * (stager.maxPlaintextPayloadLength() - 4);
    }

    /**
     * Stages the first chunk and runs the transfer; returns null (nothing stored) when the backend cannot
     * encode in chunks.
     */
    Transfer start(WriteChannel ch, String label, byte[] payload, byte[] sha256,
            PigeonholeBackend.Keypair temp, PersistentChannels.Progress progress) {
        int n = (int) Math.min(chunkBytes(), payload.length);
        boolean last = n == payload.length;
        PigeonholeBackend.CopyChunk c;
        try {
            c = stager.createCopyEnvelopesChunk(java.util.Arrays.copyOf(payload, n), ch.writeCap(), ch.nextIndex(),
                    true, last, new byte[0]);
        } catch (UnsupportedOperationException e) {
            return null;
        }
        if (c.elements().isEmpty() && !last) {
            throw new StoreException("the daemon returned no copy-stream element for a chunk of " + n + " bytes");
        }
        List<byte[]> tempIndices = indices(temp.firstIndex(), c.elements().size());
        Transfer t = store.beginChunkedCopyTransfer(ch.name(), label, sha256, payload.length, n, ch.nextIndex(),
                c.nextDestIndex(), temp.writeCap(), tempIndices, c.elements(), c.buffer());
        checkpoint.reached("copy.staged");
        run(t, off -> new java.io.ByteArrayInputStream(payload, (int) off, payload.length - (int) off), progress);
        return store.transfer(t.id()).orElseThrow();
    }

    /**
     * Continues {@code t} from the store: stages the chunks not staged yet, writes the elements not written,
     * and moves it to {@code COPYING}; the caller then sends the copy command.
     */
    void run(Transfer t, PersistentChannels.Source source, PersistentChannels.Progress progress) {
        Transfer cur = store.transfer(t.id()).orElseThrow();
        if (cur.state() != Transfer.State.SENDING) {
            return;
        }
        WriteChannel ch = store.writeChannel(cur.channel()).orElseThrow(() ->
                new StoreException("no write channel \"" + t.channel() + "\" in " + store.file()));
        int max = stager.maxPlaintextPayloadLength();
        long destBoxes = Math.max(1, (cur.size() + max - 5) / (max - 4));
        long chunks = Math.max(1, (cur.size() + chunkBytes() - 1) / chunkBytes());
        List<CopyElement> stored = store.copyElements(t.id());
        long chunksStaged = Math.min(chunks, (cur.offset() + chunkBytes() - 1) / chunkBytes());
        AtomicLong done = new AtomicLong(chunksStaged + stored.stream().filter(CopyElement::written).count());
        AtomicLong total = new AtomicLong(chunks + Math.max(destBoxes, stored.size()) + 1);
        Runnable report = () -> {
            synchronized (progress) {
                progress.update(Math.min(done.get(), total.get() - 1), total.get());
            }
        };
        report.run();
        {
            int threads = Math.max(1, writers.size() * inFlightPerWriter);
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread th = new Thread(r, "katzen-copy-writer");
                th.setDaemon(true);
                return th;
            });
            List<Future<?>> writes = new ArrayList<>();
            try {
                for (CopyElement e : stored) {
                    if (!e.written()) {
                        writes.add(submit(pool, cur, e, done, report));
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
                    byte[] nextTemp = stager.nextIndex(stored.get(stored.size() - 1).tempIndex());
                    int seq = stored.size();
                    try (InputStream in = source.openAt(cur.offset())) {
                        while (cur.offset() < cur.size()) {
                            failFast(writes);
                            long off = cur.offset();
                            int n = (int) Math.min(chunkBytes(), cur.size() - off);
                            byte[] chunk = in.readNBytes(n);
                            if (chunk.length != n) {
                                throw new StoreException("the source of transfer \"" + cur.label() + "\" ended after "
                                        + (off + chunk.length) + " of " + cur.size() + " bytes; did it change?");
                            }
                            boolean last = off + n == cur.size();
                            PigeonholeBackend.CopyChunk c = stager.createCopyEnvelopesChunk(chunk, ch.writeCap(),
                                    cur.destNextIndex(), false, last, store.copyBuffer(cur.id()));
                            List<byte[]> tempIndices = new ArrayList<>(c.elements().size());
                            for (int i = 0; i < c.elements().size(); i++) {
                                tempIndices.add(nextTemp);
                                nextTemp = stager.nextIndex(nextTemp);
                            }
                            cur = store.stageCopyChunk(cur.id(), off, off + n, c.nextDestIndex(), tempIndices,
                                    c.elements(), c.buffer());
                            checkpoint.reached("copy.chunk");
                            total.set(Math.max(total.get(), chunks + seq + c.elements().size() + 1));
                            done.incrementAndGet();
                            report.run();
                            for (int i = 0; i < c.elements().size(); i++) {
                                CopyElement e = new CopyElement(cur.id(), seq + i, tempIndices.get(i),
                                        c.elements().get(i), false);
                                writes.add(submit(pool, cur, e, done, report));
                            }
                            seq += c.elements().size();
                            log.debug("copy transfer {}: staged {} of {} bytes", cur.id(), cur.offset(), cur.size());
                        }
                    } catch (IOException e) {
                        throw new StoreException("cannot read the source of transfer \"" + cur.label() + "\": "
                                + e.getMessage(), e);
                    }
                }
                total.set(done.get() + writes.stream().filter(f -> !f.isDone()).count() + 1);
                for (Future<?> f : writes) {
                    await(f);
                }
            } finally {
                pool.shutdownNow();
                try {
                    if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                        log.warn("copy writers still running after 30 s");
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
            store.setTransferState(t.id(), Transfer.State.COPYING);
            checkpoint.reached("copy.elements");
        }
    }

    private Future<?> submit(ExecutorService pool, Transfer t, CopyElement e, AtomicLong done, Runnable report) {
        PigeonholeBackend w = writers.get(Math.floorMod(e.seq(), writers.size()));
        return pool.submit(() -> {
            w.write(t.tempWriteCap(), e.tempIndex(), e.element());
            checkpoint.reached("copy.element");
            store.markElementWritten(t.id(), e.seq());
            done.incrementAndGet();
            report.run();
            return null;
        });
    }

    private static void failFast(List<Future<?>> writes) {
        for (Future<?> f : writes) {
            if (f.isDone()) {
                await(f);
            }
        }
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while writing a copy transfer", e);
        } catch (CancellationException e) {
            throw new StoreException("a copy-stream write was cancelled", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new StoreException("a copy-stream write failed: " + c, c);
        }
    }

    private List<byte[]> indices(byte[] first, int n) {
        List<byte[]> out = new ArrayList<>(n);
        byte[] idx = first;
        for (int i = 0; i < n; i++) {
            out.add(idx);
            if (i + 1 < n) {
                idx = stager.nextIndex(idx);
            }
        }
        return out;
    }
}
