package org.katzenpost.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.testkit.pki.SyntheticPki;
import org.katzenpost.thin.Durations;
import org.katzenpost.thin.internal.Hashes;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.wire.BoxMessages;
import org.katzenpost.thin.internal.wire.CourierEnvelopeMessages;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.ResendMessages;
import org.katzenpost.thin.internal.wire.Responses.Response;
import org.katzenpost.thin.pki.ByteKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated Pigeonhole service (docs/protocol.md#pigeonhole): caps, courier envelopes, the ARQ with its retry and
 * cancel semantics, copy streams. Envelopes are sealed with a per-simulator secret (the "replica keys"), so
 * they survive a simulated daemon restart, as real envelopes survive a kpclientd restart.
 */
final class Pigeonhole {
    private static final Logger log = LoggerFactory.getLogger(Pigeonhole.class);

    static final int MAX_COPY_PAYLOAD = 10 * 1024 * 1024;
    /** Simulator limit on tombstone ranges (kpclientd has none, but every envelope must fit in one frame). */
    static final long MAX_TOMBSTONE_RANGE = 100_000;
    /** The capture shows replica epoch 495 for PKI epoch 2494980. */
    static final long PKI_EPOCHS_PER_REPLICA_EPOCH = 5040;

    private static final byte[] QUERY_MAGIC = {0x00, 0x01, 0x00, 'K', 'P', 'S', 'I', 'M'};
    private static final int TYPE_WRITE = 1;
    private static final int TYPE_READ = 2;
    private static final int KIND_DATA = 0;
    private static final int KIND_TOMBSTONE = 1;
    private static final int KIND_READ = 2;
    private static final int FLAG_START = 1;
    private static final int FLAG_FINAL = 2;
    private static final int ENVELOPE_KEY_LENGTH = 162;

    private final SimCore core;
    private final byte[] replicaSecret;
    private final BoxStore store = new BoxStore();
    /** Read envelopes answered "not found" while the courier replays that answer (docs/protocol.md#pigeonhole-arq). */
    private final Set<ByteKey> notFoundEnvelopes = ConcurrentHashMap.newKeySet();
    private final Object copyFailureLock = new Object();
    private final java.util.ArrayDeque<long[]> copyFailures = new java.util.ArrayDeque<>();

    Pigeonhole(SimCore core) {
        this.core = core;
        this.replicaSecret = core.random(32);
    }

    int boxCount() {
        return store.size();
    }

    void failNextCopy(int replicaErrorCode, long failedEnvelopeIndex) {
        if (replicaErrorCode < 0 || replicaErrorCode > 255) {
            throw new IllegalArgumentException("replica error codes are uint8");
        }
        synchronized (copyFailureLock) {
            copyFailures.addLast(new long[] {replicaErrorCode, failedEnvelopeIndex});
        }
    }

    private int maxPlaintext() {
        return core.pigeonholeGeometry().maxPlaintextPayloadLength();
    }

    // ============================================================================================ dispatch

    void handle(SimConnection c, Request req, Duration extra) {
        Response r;
        if (req instanceof BoxMessages.NewKeypair q) {
            r = newKeypair(q);
        } else if (req instanceof BoxMessages.EncryptWrite q) {
            r = encryptWrite(q);
        } else if (req instanceof BoxMessages.EncryptRead q) {
            r = encryptRead(q);
        } else if (req instanceof BoxMessages.NextMessageBoxIndex q) {
            byte[] next = q.messageBoxIndex() == null ? null : Bacap.next(q.messageBoxIndex());
            r = next == null ? Replies.error(q, q.messageBoxIndex() == null ? 3 : 4, 0)
                    : new BoxMessages.NextMessageBoxIndexReply(q.queryId(), next, 0);
        } else if (req instanceof BoxMessages.GetMessageBoxIndexCounter q) {
            r = q.messageBoxIndex() == null ? Replies.error(q, 3, 0)
                    : new BoxMessages.GetMessageBoxIndexCounterReply(q.queryId(),
                    Bacap.counter(q.messageBoxIndex()), 0);
        } else if (req instanceof CourierEnvelopeMessages.CreateCourierEnvelopesFromPayload q) {
            r = fromPayload(q);
        } else if (req instanceof CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayload q) {
            r = fromMultiPayload(q);
        } else if (req instanceof CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRange q) {
            r = fromTombstoneRange(q);
        } else if (req instanceof ResendMessages.StartResendingEncryptedMessage q) {
            startResending(c, q, extra);
            return;
        } else if (req instanceof ResendMessages.CancelResendingEncryptedMessage q) {
            cancelResend(c, q);
            return;
        } else if (req instanceof ResendMessages.StartResendingCopyCommand q) {
            startCopy(c, q, extra);
            return;
        } else if (req instanceof ResendMessages.CancelResendingCopyCommand q) {
            cancelCopy(c, q);
            return;
        } else {
            log.warn("no handler for {}", req.wireKey());
            r = Replies.error(req, 4, 0);
        }
        if (r != null) {
            c.send(r);
        }
    }

    // ============================================================================================ keys, envelopes

    private Response newKeypair(BoxMessages.NewKeypair q) {
        if (q.seed() == null || q.seed().length < 32) {
            return Replies.error(q, Replies.INVALID_REQUEST, 0);
        }
        Bacap.Keypair k = Bacap.fromSeed(q.seed());
        return new BoxMessages.NewKeypairReply(q.queryId(), k.writeCap(), k.readCap(), k.firstIndex(), 0);
    }

    private Response encryptWrite(BoxMessages.EncryptWrite q) {
        if (q.plaintext() == null || q.writeCap() == null || q.messageBoxIndex() == null
                || q.plaintext().length > maxPlaintext()) {
            return Replies.error(q, Replies.INVALID_REQUEST, 0);
        }
        SyntheticPki.Built doc = core.currentDocument();
        if (doc == null || doc.document().storageReplicas().size() < 2) {
            return Replies.error(q, Replies.INTERNAL_ERROR, 0);
        }
        long ctr = Bacap.counter(q.messageBoxIndex());
        byte[] boxId = Bacap.boxId(Bacap.pkOfWriteCap(q.writeCap()), ctr);
        int kind = q.plaintext().length == 0 ? KIND_TOMBSTONE : KIND_DATA;
        return encrypted(q, doc, courierQuery(TYPE_WRITE, boxId, kind, ctr, q.plaintext()), q.messageBoxIndex(),
                BoxMessages.EncryptWriteReply::new);
    }

    private Response encryptRead(BoxMessages.EncryptRead q) {
        if (q.readCap() == null || q.messageBoxIndex() == null) {
            return Replies.error(q, Replies.INVALID_REQUEST, 0);
        }
        SyntheticPki.Built doc = core.currentDocument();
        if (doc == null || doc.document().storageReplicas().size() < 2) {
            return Replies.error(q, Replies.INTERNAL_ERROR, 0);
        }
        long ctr = Bacap.counter(q.messageBoxIndex());
        byte[] boxId = Bacap.boxId(Bacap.pkOfReadCap(q.readCap()), ctr);
        return encrypted(q, doc, courierQuery(TYPE_READ, boxId, KIND_READ, ctr, new byte[0]), q.messageBoxIndex(),
                BoxMessages.EncryptReadReply::new);
    }

    /** The constructor of the encrypt reply to build: read or write. */
    @FunctionalInterface
    private interface EncryptReply {
        Response of(byte[] queryId, byte[] ciphertext, byte[] descriptor, byte[] envelopeHash, byte[] next,
                int errorCode);
    }

    private Response encrypted(Request q, SyntheticPki.Built doc, byte[] ciphertext, byte[] index, EncryptReply reply) {
        byte[] next = Bacap.next(index);
        if (next == null) {
            return Replies.error(q, Replies.INTERNAL_ERROR, 0);
        }
        byte[] envelopeHash = SimHash.h("sim-envelope-hash", ciphertext);
        int replicas = doc.document().storageReplicas().size();
        int a = Math.floorMod(envelopeHash[0], replicas);
        int b = (a + 1 + Math.floorMod(envelopeHash[1], replicas - 1)) % replicas;
        CborWriter w = new CborWriter(256);
        w.mapHeader(3);
        w.text("Epoch").uint(doc.epoch() / PKI_EPOCHS_PER_REPLICA_EPOCH);
        w.text("ReplicaNums").bytes(new byte[] {(byte) a, (byte) b});
        w.text("EnvelopeKey").bytes(envelopeKey(envelopeHash));
        byte[] descriptor = w.toByteArray();
        byte[] qid = ((Requests.QueryRequest) q).queryId();
        return reply.of(qid, ciphertext, descriptor, envelopeHash, next, 0);
    }

    private byte[] envelopeKey(byte[] envelopeHash) {
        return SimHash.expand(SimHash.h("sim-envelope-key", replicaSecret, envelopeHash), ENVELOPE_KEY_LENGTH);
    }

    /** magic ‖ type ‖ sealed length (4) ‖ sealed(box id ‖ kind ‖ Idx64 ‖ length ‖ plaintext, padded) ‖ zeros. */
    private byte[] courierQuery(int type, byte[] boxId, int kind, long counter, byte[] plaintext) {
        byte[] body = new byte[32 + 1 + 8 + 4 + maxPlaintext()];
        System.arraycopy(boxId, 0, body, 0, 32);
        body[32] = (byte) kind;
        System.arraycopy(SimHash.le64(counter), 0, body, 33, 8);
        SimHash.writeBe32(body, 41, plaintext.length);
        System.arraycopy(plaintext, 0, body, 45, plaintext.length);
        byte[] sealed = Sealed.seal(replicaSecret, "sim-courier-query", body);
        int header = QUERY_MAGIC.length + 1 + 4;
        int total = Math.max(core.pigeonholeGeometry().courierQueryWriteLength(), header + sealed.length);
        byte[] out = new byte[total];
        System.arraycopy(QUERY_MAGIC, 0, out, 0, QUERY_MAGIC.length);
        out[QUERY_MAGIC.length] = (byte) type;
        SimHash.writeBe32(out, QUERY_MAGIC.length + 1, sealed.length);
        System.arraycopy(sealed, 0, out, header, sealed.length);
        return out;
    }

    private record Query(int type, byte[] boxId, int kind, long counter, byte[] plaintext) {}

    private Query openQuery(byte[] ct) {
        int header = QUERY_MAGIC.length + 1 + 4;
        if (ct.length < header || !Arrays.equals(ct, 0, QUERY_MAGIC.length, QUERY_MAGIC, 0, QUERY_MAGIC.length)) {
            return null;
        }
        int len = SimHash.readBe32(ct, QUERY_MAGIC.length + 1);
        if (len < 0 || len > ct.length - header) {
            return null;
        }
        byte[] body = Sealed.open(replicaSecret, "sim-courier-query", ct, header, len);
        if (body == null || body.length < 45) {
            return null;
        }
        int n = SimHash.readBe32(body, 41);
        if (n < 0 || n > body.length - 45) {
            return null;
        }
        return new Query(ct[QUERY_MAGIC.length], Arrays.copyOfRange(body, 0, 32), body[32],
                SimHash.readLe64(body, 33), Arrays.copyOfRange(body, 45, 45 + n));
    }

    // ============================================================================================ ARQ

    /** One in-flight start_resending_* operation. */
    private final class Op implements Session.Cancellable {
        final Session session;
        final ByteKey key;
        final boolean copy;
        final byte[] queryId;
        final SimCore.Courier courier;
        final Duration latency;
        volatile boolean done;
        byte[] waitingFor;
        Runnable waiter;
        // copy progress
        byte[] tempPk;
        byte[] tempIndex;
        final ByteArrayOutputStream stream = new ByteArrayOutputStream();
        final List<byte[]> tempBoxes = new ArrayList<>();

        Op(Session session, ByteKey key, boolean copy, byte[] queryId, SimCore.Courier courier, Duration latency) {
            this.session = session;
            this.key = key;
            this.copy = copy;
            this.queryId = queryId;
            this.courier = courier;
            this.latency = latency;
        }

        @Override
        public void abandon() {
            done = true;
            synchronized (this) {
                if (waiter != null) {
                    store.forget(waitingFor, waiter);
                    waiter = null;
                }
            }
        }

        /** Runs {@code task} after the latency, once the mixnet is up, unless the op ended meanwhile. */
        void later(Runnable task) {
            core.scheduler.schedule(() -> {
                if (!done) {
                    core.whenOnline(() -> {
                        if (!done) {
                            task.run();
                        }
                    });
                }
            }, Durations.toNanos(latency), TimeUnit.NANOSECONDS);
        }

        /** Re-runs {@code task} (after the latency) once the box exists. */
        void waitFor(byte[] boxId, Runnable task) {
            Runnable w = () -> {
                synchronized (this) {
                    waiter = null;
                }
                later(task);
            };
            synchronized (this) {
                waitingFor = boxId;
                waiter = w;
            }
            store.whenWritten(boxId, w);
        }

        void finish(Response r) {
            synchronized (core.sessions.lock()) {
                Map<ByteKey, Session.Cancellable> m = copy ? session.copies : session.ops;
                if (done || m.get(key) != this) {
                    return;
                }
                m.remove(key);
                done = true;
            }
            core.sessions.deliver(session, ResponseEncoder.encode(r), core.settings.bufferPigeonholeRepliesWhileDetached,
                    copy ? "start_resending_copy_command_reply" : "start_resending_encrypted_message_reply");
        }
    }

    private SimCore.Courier pickCourier() {
        List<SimCore.Courier> cs = core.pkiState().couriers;
        if (cs.isEmpty()) {
            return null;
        }
        return cs.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(cs.size()));
    }

    /** Registers the op with its session (replacing one with the same key); false if the session is gone. */
    private boolean register(Op op) {
        synchronized (core.sessions.lock()) {
            if (op.session.destroyed) {
                return false;
            }
            Map<ByteKey, Session.Cancellable> m = op.copy ? op.session.copies : op.session.ops;
            Session.Cancellable old = m.put(op.key, op);
            if (old != null) {
                old.abandon();
            }
            return true;
        }
    }

    /** An immediate-outcome reply delivered after the usual latency (validation errors and the like). */
    private void replyLater(Session s, Duration latency, Response r) {
        core.scheduler.schedule(() -> core.sessions.deliver(s, ResponseEncoder.encode(r), false, r.wireKey()),
                Durations.toNanos(latency), TimeUnit.NANOSECONDS);
    }

    private void startResending(SimConnection c, ResendMessages.StartResendingEncryptedMessage q, Duration extra) {
        Session s = core.sessionOf(c);
        Duration latency = core.pigeonholeLatency().plus(extra);
        boolean read = q.readCap() != null;
        if (q.queryId() == null || q.envelopeHash() == null || q.messageCiphertext() == null
                || q.messageCiphertext().length == 0 || q.envelopeDescriptor() == null
                || q.envelopeDescriptor().length == 0 || (q.readCap() == null) == (q.writeCap() == null)
                || (read && (q.messageBoxIndex() == null || q.messageBoxIndex().length != Bacap.INDEX))) {
            replyLater(s, latency, new ResendMessages.StartResendingEncryptedMessageReply(q.queryId(), null,
                    Replies.INVALID_REQUEST, null, null));
            return;
        }
        SimCore.Courier courier = core.currentDocument() == null ? null : pickCourier();
        if (courier == null) {
            replyLater(s, latency, new ResendMessages.StartResendingEncryptedMessageReply(q.queryId(), null,
                    Replies.INTERNAL_ERROR, null, null));
            return;
        }
        Op op = new Op(s, ByteKey.of(q.envelopeHash()), false, q.queryId(), courier, latency);
        if (!register(op)) {
            return;
        }
        op.later(() -> arqRound(op, q));
    }

    private Response arqReply(Op op, byte[] plaintext, int code) {
        return new ResendMessages.StartResendingEncryptedMessageReply(op.queryId, plaintext, code,
                op.courier.identityHash().clone(), op.courier.queueId().clone());
    }

    private void arqRound(Op op, ResendMessages.StartResendingEncryptedMessage q) {
        Query query = openQuery(q.messageCiphertext());
        if (query == null) {
            op.finish(arqReply(op, null, Replies.COURIER_INVALID_ENVELOPE));
            return;
        }
        int descriptorCheck = checkDescriptor(q.envelopeDescriptor(), q.messageCiphertext());
        if (descriptorCheck != 0) {
            op.finish(arqReply(op, null, descriptorCheck));
            return;
        }
        boolean read = q.readCap() != null;
        if (read != (query.type() == TYPE_READ)) {
            op.finish(arqReply(op, null, Replies.INVALID_REQUEST));
            return;
        }
        if (!read) {
            BoxStore.Box box = query.kind() == KIND_TOMBSTONE ? BoxStore.Box.TOMBSTONE
                    : new BoxStore.Box(query.plaintext(), false);
            boolean written = store.put(query.boxId(), box);
            int code = !written && q.noIdempotentBoxAlreadyExists() ? Replies.REPLICA_BOX_ALREADY_EXISTS : 0;
            op.finish(arqReply(op, null, code));
            return;
        }
        // a read: BACAP-decrypting at message_box_index only works if it is the index the query was made for
        byte[] expected = Bacap.boxId(Bacap.pkOfReadCap(q.readCap()), Bacap.counter(q.messageBoxIndex()));
        if (!Arrays.equals(expected, query.boxId())) {
            op.finish(arqReply(op, null, Replies.BACAP_DECRYPTION_FAILED));
            return;
        }
        ByteKey envelope = ByteKey.of(q.envelopeHash());
        boolean replay = core.courierReplaysNotFound();
        BoxStore.Box box = replay && notFoundEnvelopes.contains(envelope) ? null : store.get(query.boxId());
        if (box == null) {
            if (replay) {
                notFoundEnvelopes.add(envelope); // the courier's cache: this envelope is "not found" from now on
            }
            if (q.noRetryOnBoxIdNotFound()) {
                op.finish(arqReply(op, null, Replies.REPLICA_BOX_NOT_FOUND));
            } else if (replay && store.get(query.boxId()) != null) {
                // written meanwhile, but the cached reply hides it: kpclientd would poll this envelope in vain
                // until the caller's deadline or cancel ends the op, so it is left pending
                log.debug("replaying a cached not-found to a read envelope");
            } else {
                op.waitFor(query.boxId(), () -> arqRound(op, q)); // kpclientd retries without limit
            }
            return;
        }
        if (box.tombstone()) {
            op.finish(arqReply(op, null, Replies.REPLICA_TOMBSTONE));
        } else {
            op.finish(arqReply(op, box.data().clone(), 0));
        }
    }

    /** 0 if the descriptor belongs to the ciphertext; 4 if it does not parse; 22 if its key is wrong. */
    private int checkDescriptor(byte[] descriptor, byte[] ciphertext) {
        Object v;
        try {
            v = CborReader.decode(descriptor);
        } catch (RuntimeException e) {
            return Replies.INTERNAL_ERROR;
        }
        if (!(v instanceof Map<?, ?> m) || !(m.get("EnvelopeKey") instanceof byte[] key)) {
            return Replies.INTERNAL_ERROR;
        }
        byte[] expected = envelopeKey(SimHash.h("sim-envelope-hash", ciphertext));
        return java.security.MessageDigest.isEqual(expected, key) ? 0 : Replies.MKEM_DECRYPTION_FAILED;
    }

    private void cancelResend(SimConnection c, ResendMessages.CancelResendingEncryptedMessage q) {
        Op op = abandon(c, q.envelopeHash(), s -> s.ops);
        if (op != null) {
            c.send(arqReply(op, null, Replies.CANCELLED));
        }
        c.send(new ResendMessages.CancelResendingEncryptedMessageReply(q.queryId(), 0));
    }

    private void cancelCopy(SimConnection c, ResendMessages.CancelResendingCopyCommand q) {
        Op op = abandon(c, q.writeCapHash(), s -> s.copies);
        if (op != null) {
            c.send(new ResendMessages.StartResendingCopyCommandReply(op.queryId, Replies.CANCELLED, 0, 0));
        }
        c.send(new ResendMessages.CancelResendingCopyCommandReply(q.queryId(), 0));
    }

    /** Takes the operation named by {@code hash} out of the session's table and abandons it; null if none. */
    private Op abandon(SimConnection c, byte[] hash, Function<Session, Map<ByteKey, Session.Cancellable>> table) {
        Op op = null;
        if (hash != null) {
            synchronized (core.sessions.lock()) {
                Session s = c.session;
                if (s != null) {
                    Session.Cancellable found = table.apply(s).remove(ByteKey.of(hash));
                    if (found instanceof Op o) {
                        op = o;
                    }
                }
            }
        }
        if (op != null) {
            op.abandon();
        }
        return op;
    }

    // ============================================================================================ copy streams

    /** A destination write packed into a copy stream: sealed(box id ‖ kind ‖ length ‖ data). */
    private byte[] destEnvelope(byte[] boxId, int kind, byte[] data, int off, int len) {
        byte[] body = new byte[32 + 1 + 4 + len];
        System.arraycopy(boxId, 0, body, 0, 32);
        body[32] = (byte) kind;
        SimHash.writeBe32(body, 33, len);
        System.arraycopy(data, off, body, 37, len);
        return Sealed.seal(replicaSecret, "sim-copy-envelope", body);
    }

    private static void appendRecord(ByteArrayOutputStream stream, byte[] envelope) {
        byte[] len = new byte[4];
        SimHash.writeBe32(len, 0, envelope.length);
        stream.writeBytes(len);
        stream.writeBytes(envelope);
    }

    /** Chunks {@code payload} into destination boxes from {@code index}; returns the next index. */
    private byte[] appendPayload(ByteArrayOutputStream stream, byte[] payload, byte[] writeCap, byte[] index) {
        int chunk = maxPlaintext() - 4;
        byte[] pk = Bacap.pkOfWriteCap(writeCap);
        for (int off = 0; off < payload.length; off += chunk) {
            int len = Math.min(chunk, payload.length - off);
            appendRecord(stream, destEnvelope(Bacap.boxId(pk, Bacap.counter(index)), KIND_DATA, payload, off, len));
            index = Bacap.next(index);
            if (index == null) {
                return null;
            }
        }
        return index;
    }

    /** Cut the stream into elements (flags ‖ data, at most MaxPlaintextPayloadLength each). */
    private record Emitted(List<byte[]> elements, byte[] residual, boolean startPending) {}

    /** Cuts the whole stream into elements; the last one carries the final flag when {@code isLast}. */
    private Emitted emitAll(byte[] stream, boolean start, boolean isLast) {
        int per = maxPlaintext() - 1;
        List<byte[]> out = new ArrayList<>();
        int off = 0;
        // full elements; the last piece is left for below so that it can carry the final flag
        while (stream.length - off > per) {
            out.add(element(stream, off, per, start && out.isEmpty(), false));
            off += per;
        }
        if (off < stream.length || isLast) {
            out.add(element(stream, off, stream.length - off, start && out.isEmpty(), isLast));
        }
        return new Emitted(out, null, false);
    }

    /**
     * Cuts the stream into full elements and keeps the rest as the residue for the caller's next call, unless
     * {@code isLast}: then everything goes out, as {@link #emitAll}.
     */
    private Emitted emitFullElements(byte[] stream, boolean start, boolean isLast) {
        if (isLast) {
            return emitAll(stream, start, true);
        }
        int per = maxPlaintext() - 1;
        List<byte[]> out = new ArrayList<>();
        int off = 0;
        while (stream.length - off >= per) {
            out.add(element(stream, off, per, start && out.isEmpty(), false));
            off += per;
        }
        return new Emitted(out, Arrays.copyOfRange(stream, off, stream.length), start && out.isEmpty());
    }

    private static byte[] element(byte[] stream, int off, int len, boolean start, boolean fin) {
        byte[] e = new byte[1 + len];
        e[0] = (byte) ((start ? FLAG_START : 0) | (fin ? FLAG_FINAL : 0));
        System.arraycopy(stream, off, e, 1, len);
        return e;
    }

    /** buffer = start-pending flag (1) ‖ residual stream bytes. */
    private static byte[] buffer(Emitted e) {
        if (e.residual() == null) {
            return null;
        }
        byte[] b = new byte[1 + e.residual().length];
        b[0] = (byte) (e.startPending() ? 1 : 0);
        System.arraycopy(e.residual(), 0, b, 1, e.residual().length);
        return b;
    }

    private Response fromPayload(CourierEnvelopeMessages.CreateCourierEnvelopesFromPayload q) {
        if (q.payload() == null || q.destWriteCap() == null || q.destStartIndex() == null
                || q.payload().length > MAX_COPY_PAYLOAD) {
            return Replies.error(q, Replies.INVALID_REQUEST, 0);
        }
        if (core.currentDocument() == null) {
            return Replies.error(q, Replies.INTERNAL_ERROR, 0);
        }
        ByteArrayOutputStream stream = new ByteArrayOutputStream(q.payload().length + q.payload().length / 16 + 64);
        byte[] next = appendPayload(stream, q.payload(), q.destWriteCap(), q.destStartIndex());
        if (next == null) {
            return Replies.error(q, Replies.INTERNAL_ERROR, 0);
        }
        Emitted e = emitAll(stream.toByteArray(), q.isStart(), q.isLast());
        return new CourierEnvelopeMessages.CreateCourierEnvelopesFromPayloadReply(q.queryId(), e.elements(), next, 0);
    }

    private Response fromMultiPayload(CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayload q) {
        if (q.destinations() == null || q.destinations().isEmpty()) {
            return Replies.error(q, Replies.INVALID_REQUEST, 0);
        }
        for (var d : q.destinations()) {
            if (d == null || d.payload() == null || d.writeCap() == null || d.startIndex() == null
                    || d.payload().length > MAX_COPY_PAYLOAD) {
                return Replies.error(q, Replies.INVALID_REQUEST, 0);
            }
        }
        if (core.currentDocument() == null) {
            return Replies.error(q, Replies.INTERNAL_ERROR, 0);
        }
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        boolean start = q.isStart();
        if (q.buffer() != null && q.buffer().length > 0) {
            start |= (q.buffer()[0] & 1) != 0;
            stream.write(q.buffer(), 1, q.buffer().length - 1);
        }
        List<byte[]> nexts = new ArrayList<>();
        for (var d : q.destinations()) {
            byte[] next = appendPayload(stream, d.payload(), d.writeCap(), d.startIndex());
            if (next == null) {
                return Replies.error(q, Replies.INTERNAL_ERROR, 0);
            }
            nexts.add(next);
        }
        Emitted e = emitFullElements(stream.toByteArray(), start, q.isLast());
        return new CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayloadReply(q.queryId(), e.elements(),
                buffer(e),
                nexts, 0);
    }

    private Response fromTombstoneRange(CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRange q) {
        if (q.destWriteCap() == null || q.destStartIndex() == null || q.maxCount() > MAX_TOMBSTONE_RANGE) {
            return Replies.error(q, Replies.INVALID_REQUEST, 0);
        }
        if (q.maxCount() == 0) {
            return new CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRangeReply(q.queryId(), null, null,
                    q.destStartIndex(), 0);
        }
        if (core.currentDocument() == null) {
            return Replies.error(q, Replies.INTERNAL_ERROR, 0);
        }
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        boolean start = q.isStart();
        if (q.buffer() != null && q.buffer().length > 0) {
            start |= (q.buffer()[0] & 1) != 0;
            stream.write(q.buffer(), 1, q.buffer().length - 1);
        }
        byte[] pk = Bacap.pkOfWriteCap(q.destWriteCap());
        byte[] index = q.destStartIndex();
        for (long i = 0; i < q.maxCount(); i++) {
            appendRecord(stream, destEnvelope(Bacap.boxId(pk, Bacap.counter(index)), KIND_TOMBSTONE, new byte[0], 0, 0));
            index = Bacap.next(index);
            if (index == null) {
                return Replies.error(q, Replies.INTERNAL_ERROR, 0);
            }
        }
        Emitted e = emitFullElements(stream.toByteArray(), start, q.isLast());
        return new CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRangeReply(q.queryId(), e.elements(),
                buffer(e),
                index, 0);
    }

    private void startCopy(SimConnection c, ResendMessages.StartResendingCopyCommand q, Duration extra) {
        Session s = core.sessionOf(c);
        Duration latency = core.pigeonholeLatency().plus(extra);
        if (q.queryId() == null || q.writeCap() == null) {
            replyLater(s, latency,
                    new ResendMessages.StartResendingCopyCommandReply(q.queryId(), Replies.INVALID_REQUEST, 0, 0));
            return;
        }
        SimCore.Courier courier = core.currentDocument() == null ? null : pickCourier();
        if (courier == null) {
            replyLater(s, latency,
                    new ResendMessages.StartResendingCopyCommandReply(q.queryId(), Replies.INTERNAL_ERROR, 0, 0));
            return;
        }
        Op op = new Op(s, ByteKey.of(Hashes.blake2b256(q.writeCap())), true, q.queryId(), courier, latency);
        op.tempPk = Bacap.pkOfWriteCap(q.writeCap());
        op.tempIndex = Bacap.indexOfWriteCap(q.writeCap());
        if (!register(op)) {
            return;
        }
        long[] failure;
        synchronized (copyFailureLock) {
            failure = copyFailures.pollFirst();
        }
        if (failure != null) {
            op.later(() -> op.finish(new ResendMessages.StartResendingCopyCommandReply(op.queryId,
                    Replies.COPY_COMMAND_FAILED, (int) failure[0], failure[1])));
            return;
        }
        op.later(() -> copyRound(op));
    }

    private Response copyReply(Op op, int code, int replicaCode, long failedIndex) {
        return new ResendMessages.StartResendingCopyCommandReply(op.queryId, code, replicaCode, failedIndex);
    }

    /** Reads the temporary stream as far as it goes; waits for missing boxes; applies it once final. */
    private void copyRound(Op op) {
        while (true) {
            byte[] boxId = Bacap.boxId(op.tempPk, Bacap.counter(op.tempIndex));
            BoxStore.Box box = store.get(boxId);
            if (box == null) {
                op.waitFor(boxId, () -> copyRound(op)); // the courier answers "in progress" and is polled again
                return;
            }
            if (box.tombstone()) {
                if (op.tempBoxes.isEmpty()) {
                    op.finish(copyReply(op, 0, 0, 0)); // already copied: the courier tombstoned the stream
                } else {
                    op.finish(copyReply(op, Replies.COPY_COMMAND_FAILED, Replies.REPLICA_TOMBSTONE, 0));
                }
                return;
            }
            byte[] e = box.data();
            if (e.length == 0) {
                op.finish(copyReply(op, Replies.COPY_COMMAND_FAILED, 5, 0));
                return;
            }
            op.tempBoxes.add(boxId);
            op.stream.write(e, 1, e.length - 1);
            byte[] next = Bacap.next(op.tempIndex);
            if (next == null) {
                op.finish(copyReply(op, Replies.INTERNAL_ERROR, 0, 0));
                return;
            }
            op.tempIndex = next;
            if ((e[0] & FLAG_FINAL) != 0) {
                break;
            }
        }
        applyCopy(op);
    }

    private void applyCopy(Op op) {
        byte[] stream = op.stream.toByteArray();
        List<BoxStore.Write> writes = new ArrayList<>();
        int off = 0;
        while (off < stream.length) {
            long position = writes.size() + 1L;
            if (stream.length - off < 4) {
                op.finish(copyReply(op, Replies.COPY_COMMAND_FAILED, 5, position));
                return;
            }
            int len = SimHash.readBe32(stream, off);
            off += 4;
            byte[] body = len < 0 || len > stream.length - off ? null
                    : Sealed.open(replicaSecret, "sim-copy-envelope", stream, off, len);
            if (body == null || body.length < 37) {
                op.finish(copyReply(op, Replies.COPY_COMMAND_FAILED, 5, position));
                return;
            }
            off += len;
            int n = SimHash.readBe32(body, 33);
            byte[] boxId = Arrays.copyOfRange(body, 0, 32);
            BoxStore.Box box = body[32] == KIND_TOMBSTONE ? BoxStore.Box.TOMBSTONE
                    : new BoxStore.Box(Arrays.copyOfRange(body, 37, 37 + n), false);
            writes.add(new BoxStore.Write(boxId, box));
        }
        int conflict = store.putAll(writes);
        if (conflict >= 0) {
            op.finish(copyReply(op, Replies.COPY_COMMAND_FAILED, Replies.REPLICA_BOX_ALREADY_EXISTS, conflict + 1L));
            return;
        }
        Map<ByteKey, BoxStore.Box> tomb = new LinkedHashMap<>();
        for (byte[] t : op.tempBoxes) {
            tomb.put(ByteKey.of(t), BoxStore.Box.TOMBSTONE);
        }
        List<BoxStore.Write> tombs = new ArrayList<>();
        tomb.forEach((k, v) -> tombs.add(new BoxStore.Write(k.toByteArray(), v)));
        store.putAll(tombs);
        log.debug("copy command applied {} destination writes", writes.size());
        op.finish(copyReply(op, 0, 0, 0));
    }
}
