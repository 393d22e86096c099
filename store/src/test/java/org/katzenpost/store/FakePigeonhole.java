package org.katzenpost.store;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory Pigeonhole for store tests: boxes keyed by stream and index, a write to a written box with
 * different content fails (so a test notices a box reused for another message), reads of unwritten boxes
 * fail at once, copies are all or nothing.
 */
final class FakePigeonhole implements PigeonholeBackend {
    static final class NotWritten extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotWritten(String m) {
            super(m);
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[]> boxes = new ConcurrentHashMap<>();
    private final Map<String, byte[]> firstIndexOfStream = new ConcurrentHashMap<>();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger copies = new AtomicInteger();
    final int maxPlain;

    FakePigeonhole(int maxPlain) {
        this.maxPlain = maxPlain;
    }

    @Override
    public Keypair newKeypair(byte[] seed) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        byte[] w = concat(new byte[] {'W'}, id);
        byte[] r = concat(new byte[] {'R'}, id);
        byte[] first = ByteBuffer.allocate(8).putLong(random.nextLong() >>> 8).array();
        firstIndexOfStream.put(HexFormat.of().formatHex(id), first);
        return new Keypair(w, r, first);
    }

    @Override
    public byte[] nextIndex(byte[] index) {
        return ByteBuffer.allocate(8).putLong(ByteBuffer.wrap(index).getLong() + 1).array();
    }

    @Override
    public long counter(byte[] index) {
        return ByteBuffer.wrap(index).getLong();
    }

    private static String key(byte[] cap, byte[] index) {
        return HexFormat.of().formatHex(cap, 1, cap.length) + ":" + ByteBuffer.wrap(index).getLong();
    }

    @Override
    public void write(byte[] writeCap, byte[] index, byte[] plaintext) {
        if (writeCap[0] != 'W') {
            throw new IllegalArgumentException("not a write cap");
        }
        writeReportingExisting(writeCap, index, plaintext);
    }

    @Override
    public boolean writeReportingExisting(byte[] writeCap, byte[] index, byte[] plaintext) {
        if (writeCap[0] != 'W') {
            throw new IllegalArgumentException("not a write cap");
        }
        writes.incrementAndGet();
        if (plaintext.length == 0) { // a tombstone replaces whatever was there
            return boxes.put(key(writeCap, index), new byte[0]) != null;
        }
        byte[] prev = boxes.putIfAbsent(key(writeCap, index), plaintext.clone());
        if (prev != null && !Arrays.equals(prev, plaintext)) {
            throw new IllegalStateException("box " + key(writeCap, index) + " already holds other content");
        }
        return prev != null;
    }

    @Override
    public byte[] readNoRetry(byte[] readCap, byte[] index) {
        byte[] b = boxes.get(key(readCap, index));
        return b == null ? null : b.clone();
    }

    @Override
    public MultiCopyEnvelopes createCopyEnvelopes(List<CopyPayload> payloads, boolean isStart, boolean isLast,
            byte[] buffer) {
        List<byte[]> elements = new ArrayList<>();
        List<byte[]> next = new ArrayList<>();
        for (CopyPayload p : payloads) {
            CopyEnvelopes e = createCopyEnvelopes(p.payload(), p.destWriteCap(), p.destStartIndex());
            elements.addAll(e.elements());
            next.add(e.nextDestIndex());
        }
        return new MultiCopyEnvelopes(elements, new byte[0], next);
    }

    @Override
    public void copy(byte[] tempWriteCap, byte[] courierIdentityHash, byte[] courierQueueId) {
        copy(tempWriteCap);
    }

    @Override
    public byte[] read(byte[] readCap, byte[] index) {
        byte[] b = boxes.get(key(readCap, index));
        if (b == null) {
            throw new NotWritten("box " + key(readCap, index) + " not written");
        }
        return b.clone();
    }

    boolean has(byte[] cap, byte[] index) {
        return boxes.containsKey(key(cap, index));
    }

    @Override
    public CopyEnvelopes createCopyEnvelopes(byte[] payload, byte[] destWriteCap, byte[] destStartIndex) {
        List<byte[]> elements = new ArrayList<>();
        byte[] idx = destStartIndex;
        int off = 0;
        do {
            int n = Math.min(maxPlain - 4, payload.length - off);
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            e.writeBytes(ByteBuffer.allocate(4).putInt(destWriteCap.length).array());
            e.writeBytes(destWriteCap);
            e.writeBytes(idx);
            e.writeBytes(Arrays.copyOfRange(payload, off, off + n));
            elements.add(e.toByteArray());
            off += n;
            idx = nextIndex(idx);
        } while (off < payload.length);
        return new CopyEnvelopes(elements, idx);
    }

    /** Chunk calls made; the residue handed out by the last one, which the next one must carry back. */
    final AtomicInteger chunkCalls = new AtomicInteger();
    private volatile byte[] lastBuffer = new byte[0];

    /**
     * Like {@link #createCopyEnvelopes}, but when {@code isLast} is false the last element is held back as the
     * residue {@code buffer} and emitted first by the next call, which must pass it back unchanged.
     */
    @Override
    public synchronized CopyChunk createCopyEnvelopesChunk(byte[] chunk, byte[] destWriteCap, byte[] destStartIndex,
            boolean isStart, boolean isLast, byte[] buffer) {
        chunkCalls.incrementAndGet();
        byte[] in = buffer == null ? new byte[0] : buffer;
        if (isStart ? in.length != 0 : !Arrays.equals(in, lastBuffer)) {
            throw new IllegalArgumentException("copy-stream residue not carried over from the previous chunk");
        }
        CopyEnvelopes env = createCopyEnvelopes(chunk, destWriteCap, destStartIndex);
        List<byte[]> out = new ArrayList<>();
        if (in.length > 0) {
            out.add(in);
        }
        out.addAll(env.elements());
        byte[] residue = new byte[0];
        if (!isLast) {
            residue = out.remove(out.size() - 1);
        }
        lastBuffer = residue;
        return new CopyChunk(out, residue, env.nextDestIndex());
    }

    @Override
    public void copy(byte[] tempWriteCap) {
        copies.incrementAndGet();
        byte[] idx = firstIndexOfStream.get(HexFormat.of().formatHex(tempWriteCap, 1, tempWriteCap.length));
        List<byte[]> elements = new ArrayList<>();
        byte[] e;
        while ((e = boxes.get(key(tempWriteCap, idx))) != null) {
            elements.add(e);
            idx = nextIndex(idx);
        }
        if (elements.isEmpty()) {
            throw new IllegalStateException("copy of an empty temporary stream");
        }
        for (byte[] el : elements) { // all or nothing: apply only when every element is there
            ByteBuffer b = ByteBuffer.wrap(el);
            byte[] cap = new byte[b.getInt()];
            b.get(cap);
            byte[] di = new byte[8];
            b.get(di);
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            write(cap, di, chunk);
        }
    }

    @Override
    public int maxPlaintextPayloadLength() {
        return maxPlain;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
