package org.katzenpost.thin.internal.session;

import java.io.IOException;
import java.lang.ref.SoftReference;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.katzenpost.thin.MessageId;
import org.katzenpost.thin.ProtocolViolationException;
import org.katzenpost.thin.SurbId;
import org.katzenpost.thin.ThinClientException;
import org.katzenpost.thin.event.ConnectionStatusEvent;
import org.katzenpost.thin.event.MessageIdGarbageCollectedEvent;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.event.MessageSentEvent;
import org.katzenpost.thin.event.NewPkiDocumentEvent;
import org.katzenpost.thin.event.ShutdownEvent;
import org.katzenpost.thin.event.UnknownEvent;
import org.katzenpost.thin.internal.SharedThreads;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.wire.Frames;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.internal.wire.Responses.QueryReply;
import org.katzenpost.thin.internal.wire.Responses.Response;
import org.katzenpost.thin.internal.wire.WireCodec;
import org.katzenpost.thin.pki.PkiDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader of each connection and what it does with each frame: replies go to their call ({@link Calls}),
 * message events to the send waiting on their SURB ({@link SurbReplies}), and every event becomes the public
 * {@code ThinClientEvent} published on the {@link EventBus}. The reader never runs user code.
 */
final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final String threadName;
    private final WireCodec codec;
    private final DaemonState daemon;
    private final EventBus bus;
    private final Calls calls;
    private final SurbReplies surbs;
    private final BooleanSupplier closed;
    /** Told when a connection's reader ends, with the reason. */
    private final BiConsumer<Connection, String> connectionLost;
    private final WarnLimiter malformedFrames = new WarnLimiter();
    /** PKI documents that did not parse, for the log's rate limit. */
    private final WarnLimiter unparsableDocuments = new WarnLimiter();
    /** Frames skipped that were not malformed (unknown kinds, a stray session_token_reply), for log limits. */
    private final WarnLimiter ignoredFrames = new WarnLimiter();

    Dispatcher(String threadName, WireCodec codec, DaemonState daemon, EventBus bus, Calls calls, SurbReplies surbs,
            BooleanSupplier closed, BiConsumer<Connection, String> connectionLost) {
        this.threadName = threadName;
        this.codec = codec;
        this.daemon = daemon;
        this.bus = bus;
        this.calls = calls;
        this.surbs = surbs;
        this.closed = closed;
        this.connectionLost = connectionLost;
    }

    long malformedFrames() {
        return malformedFrames.count();
    }

    /** A daemon-chosen kind for a log line: at most 64 characters, however long the daemon made it. */
    private static String shortKey(String key) {
        return key.length() <= 64 ? key : key.substring(0, 64) + "…";
    }

    /**
     * Starts the reader of a handshaken connection on a shared worker (docs/performance.md, "Connect and CPU per
     * call"), which carries the reader's name while it reads.
     */
    void startReader(Connection c) {
        c.readerStarted = true;
        try {
            SharedThreads.workers().execute(() -> {
                Thread me = Thread.currentThread();
                String poolName = me.getName();
                me.setName(threadName);
                c.reader = me;
                try {
                    readLoop(c);
                } finally {
                    c.reader = null;
                    me.setName(poolName);
                    c.readerEnded.countDown();
                }
            });
        } catch (RejectedExecutionException | Error e) {
            c.readerEnded.countDown();
            throw e;
        }
    }

    private void readLoop(Connection c) {
        String reason = null;
        try {
            while (true) {
                int length = c.frames.next();
                if (length < 0) {
                    reason = "kpclientd closed the connection";
                    break;
                }
                Response r;
                try {
                    // decodes out of the connection's reused frame buffer; the result holds copies
                    r = codec.decodeResponse(c.frames.buffer(), 0, length);
                } catch (CborException e) {
                    // The frame boundary is intact, so skipping one bad frame keeps the stream usable.
                    long n = malformedFrames.next();
                    WarnLimiter.log(log, n, "skipped a malformed {}-byte frame from kpclientd ({} so far): {}", length,
                            n, e.getMessage());
                    // a reply to a call: that call gets no other, so it fails now rather than at its deadline
                    WireCodec.Salvaged s = codec.salvageQueryId(c.frames.buffer(), 0, length);
                    if (s != null) {
                        calls.failMalformed(c, s.queryId(), s.kind(), e.getMessage());
                    }
                    continue;
                }
                dispatch(c, r);
            }
        } catch (Frames.TruncatedFrameException e) {
            // the daemon (or the path to it) ended the stream inside a frame: counted as a protocol failure
            reason = e.getMessage();
            c.protocolFailure = new ProtocolViolationException("kpclientd at " + c.transport.describe()
                    + " ended the connection inside a frame: " + e.getMessage(), e);
        } catch (IOException e) {
            reason = e.getMessage();
        } catch (ProtocolViolationException e) {
            reason = e.getMessage();
            c.protocolFailure = e;
        } catch (ThinClientException e) {
            reason = e.getMessage();
        } catch (RejectedExecutionException e) {
            if (!closed.getAsBoolean()) {
                reason = "internal error in the reader: " + e;
                log.error("reader thread failed; dropping the connection so that callers are not left waiting", e);
            } // else a frame read just before close(): the session's tasks are already refused
        } catch (RuntimeException | Error e) {
            reason = "internal error in the reader: " + e;
            log.error("reader thread failed; dropping the connection so that callers are not left waiting", e);
        }
        String broken = c.brokenReason;
        connectionLost.accept(c, broken != null ? broken : reason);
    }

    /**
     * Handles one frame from kpclientd, in the reader or in the handshake. The project targets Java 17, which has
     * no pattern switch: each kind of the sealed {@link Response} is one line here, handled by its own method.
     */
    void dispatch(Connection c, Response r) {
        try {
            dispatchOne(c, r);
        } catch (RejectedExecutionException e) {
            throw e; // the session is closing: the reader's own handling
        } catch (RuntimeException e) {
            // A value this code did not expect (the decoders check what they know of): one bad frame, never a
            // reason to drop the connection. Its message may quote the frame, so only the type shows above DEBUG.
            long n = malformedFrames.next();
            if (WarnLimiter.warns(n)) {
                log.warn("skipped a {} from kpclientd that could not be handled ({}; {} malformed frames so far)",
                        shortKey(r.wireKey()), e.getClass().getSimpleName(), n);
            }
            log.debug("the {} that could not be handled", shortKey(r.wireKey()), e);
        }
    }

    private void dispatchOne(Connection c, Response r) {
        if (r instanceof QueryReply reply) {
            calls.complete(c, reply);
        } else if (r instanceof Responses.ConnectionStatusFrame status) {
            onConnectionStatus(c, status);
        } else if (r instanceof Responses.NewPkiDocumentFrame document) {
            onPkiDocument(document);
        } else if (r instanceof Responses.MessageSentFrame sent) {
            onMessageSent(sent);
        } else if (r instanceof Responses.MessageReplyFrame reply) {
            onMessageReply(reply);
        } else if (r instanceof Responses.MessageIdGarbageCollected collected) {
            onMessageIdGarbageCollected(collected);
        } else if (r instanceof Responses.ShutdownFrame) {
            onShutdown(c);
        } else if (r instanceof Responses.SessionTokenReply) {
            long n = ignoredFrames.next();
            WarnLimiter.log(log, n, "ignored a session_token_reply outside the handshake ({} frames ignored so far)",
                    n);
        } else if (r instanceof Responses.Unknown) {
            long n = ignoredFrames.next();
            WarnLimiter.log(log, n, "kpclientd sent a frame of unknown kind \"{}\"; a newer daemon? Ignored ({} frames"
                    + " ignored so far)", shortKey(r.wireKey()), n);
            bus.publish(new UnknownEvent(r.wireKey()));
        }
    }

    private void onConnectionStatus(Connection c, Responses.ConnectionStatusFrame e) {
        // a geometry the client cannot compute with is refused before anything is taken from the event: one
        // malformed frame (dispatch counts it), the geometry in use kept
        Handshake.checkGeometry(c.transport.describe(), e.sphinxGeometry(), e.pigeonholeGeometry());
        daemon.mixnetConnected = e.isConnected();
        if (e.instanceToken() != null) {
            daemon.instanceToken = e.instanceToken().clone();
        }
        if (e.sphinxGeometry() != null) {
            daemon.sphinxGeometry = e.sphinxGeometry();
        }
        if (e.pigeonholeGeometry() != null) {
            daemon.pigeonholeGeometry = e.pigeonholeGeometry();
        }
        bus.publish(new ConnectionStatusEvent(e.isConnected(),
                e.instanceToken() == null ? "" : HexFormat.of().formatHex(e.instanceToken()),
                daemon.sphinxGeometry, daemon.pigeonholeGeometry));
    }

    private void onPkiDocument(Responses.NewPkiDocumentFrame e) {
        byte[] payload = e.payload();
        if (payload == null || payload.length == 0) {
            log.debug("kpclientd has no PKI document yet");
            return;
        }
        try {
            PkiDocument doc = parseOnce(payload);
            if (daemon.newDocument(doc)) {
                bus.publish(new NewPkiDocumentEvent(doc));
            } else {
                log.debug("kpclientd re-sent the PKI document of epoch {}", doc.epoch());
            }
        } catch (ThinClientException ex) {
            // the frame decoded (not a malformed frame); its document did not parse: counted for the log only
            long n = unparsableDocuments.next();
            if (WarnLimiter.warns(n)) {
                log.warn("ignored a PKI document from kpclientd that could not be parsed ({}; {} so far)",
                        ex.getClass().getSimpleName(), n);
            }
            log.debug("the PKI document that could not be parsed: {}", ex.getMessage());
        }
    }

    /** A document and the bytes it was parsed from (owned: nothing else holds the array). */
    private record ParsedDocument(byte[] payload, PkiDocument document) {}

    /**
     * The last document parsed by any client of this JVM. kpclientd sends each client the same bytes for an epoch
     * (in every handshake, and once per epoch to every connection), so comparing the bytes (about 1 µs for the
     * testnet's 14 KB) replaces parsing them again (docs/performance.md, "Connect and CPU per call"). Documents
     * are immutable, so clients can share one; soft, so that it never keeps memory the JVM needs.
     */
    private static volatile SoftReference<ParsedDocument> lastParsed = new SoftReference<>(null);

    private static PkiDocument parseOnce(byte[] payload) {
        ParsedDocument last = lastParsed.get();
        if (last != null && Arrays.equals(last.payload(), payload)) {
            return last.document();
        }
        PkiDocument doc = PkiDocument.parse(payload);
        lastParsed = new SoftReference<>(new ParsedDocument(payload, doc));
        return doc;
    }

    private void onMessageSent(Responses.MessageSentFrame e) {
        MessageSentEvent event = new MessageSentEvent(messageIdOrNull(e.messageId()), surbIdOrNull(e.surbId()),
                Instant.ofEpochSecond(e.sentAtUnixSeconds()), Duration.ofNanos(e.replyEtaNanos()),
                e.err() == null || e.err().isEmpty() ? null : e.err());
        bus.publish(event);
        surbs.sent(e.surbId(), event);
    }

    private void onMessageReply(Responses.MessageReplyFrame e) {
        MessageReplyEvent event = new MessageReplyEvent(messageIdOrNull(e.messageId()), surbIdOrNull(e.surbId()),
                e.payload(), e.errorCode());
        bus.publish(event);
        surbs.replied(e.surbId(), event);
    }

    private void onMessageIdGarbageCollected(Responses.MessageIdGarbageCollected e) {
        byte[] id = e.messageId();
        if (id != null && id.length == 16) {
            bus.publish(new MessageIdGarbageCollectedEvent(MessageId.of(id)));
        }
    }

    private void onShutdown(Connection c) {
        c.shutdownAnnounced = true;
        log.info("kpclientd announced a graceful shutdown");
        bus.publish(new ShutdownEvent());
    }

    private static MessageId messageIdOrNull(byte[] id) {
        return id != null && id.length == 16 ? MessageId.of(id) : null;
    }

    private static SurbId surbIdOrNull(byte[] id) {
        return id != null && id.length == 16 ? SurbId.of(id) : null;
    }
}
