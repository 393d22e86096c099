package org.katzenpost.thin.internal.session;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import org.katzenpost.thin.DaemonConnectionException;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.ProtocolViolationException;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.SphinxGeometry;
import org.katzenpost.thin.TcpKeepAlive;
import org.katzenpost.thin.ThinClientConfig;
import org.katzenpost.thin.ThinClientException;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.transport.KeepAlive;
import org.katzenpost.thin.internal.transport.Transport;
import org.katzenpost.thin.internal.transport.Transports;
import org.katzenpost.thin.internal.wire.Frames;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.internal.wire.Responses.QueryReply;
import org.katzenpost.thin.internal.wire.Responses.Response;
import org.katzenpost.thin.internal.wire.WireCodec;
import org.katzenpost.thin.internal.wire.WireFields;
import org.katzenpost.thin.pigeonhole.ChannelFrames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a connection to kpclientd and runs the tolerant handshake on it (docs/reliability.md, "Handshake"): one
 * {@code connection_status_event} with both geometries and the instance token and one
 * {@code new_pki_document_event}, in either order, then our {@code session_token} and the daemon's
 * {@code session_token_reply}. Every other event on the way is dispatched like any event and skipped; only a
 * reply that cannot come before our token, or a malformed frame, breaks it. The whole handshake is bounded by
 * the handshake timeout, on the JVM-wide timer.
 */
final class Handshake {
    private static final Logger log = LoggerFactory.getLogger(Handshake.class);

    /** A handshaken connection, not yet reading; whether the daemon resumed our session, or restarted. */
    record Result(Connection connection, boolean resumed, boolean daemonRestarted) {}

    private final ThinClientConfig config;
    private final WireCodec codec;
    private final byte[] sessionToken;
    /** Runs each connection's writer task (see {@link Completions}). */
    private final Executor writers;
    private final ScheduledExecutorService scheduler;
    private final Connection.WriteFailureHandler writeFailed;
    private final Dispatcher dispatcher;
    private final DaemonState daemon;

    Handshake(ThinClientConfig config, WireCodec codec, byte[] sessionToken, Executor writers,
            ScheduledExecutorService scheduler, Connection.WriteFailureHandler writeFailed, Dispatcher dispatcher,
            DaemonState daemon) {
        this.config = config;
        this.codec = codec;
        this.sessionToken = sessionToken;
        this.writers = writers;
        this.scheduler = scheduler;
        this.writeFailed = writeFailed;
        this.dispatcher = dispatcher;
        this.daemon = daemon;
    }

    /**
     * Connects and handshakes.
     *
     * @throws DaemonConnectionException when the daemon cannot be reached or the connection ends
     * @throws ProtocolViolationException when the daemon breaks the handshake
     * @throws RequestTimeoutException after the handshake timeout
     */
    Result open() {
        Transport transport = Transports.open(config.dial(), config.connectTimeout(), keepAlive());
        Connection c = new Connection(transport, writers, scheduler, config.writeStallTimeout(), writeFailed);
        // on the JVM-wide timer: connecting starts no thread of this client's own
        ScheduledFuture<?> watchdog = Transports.later(() -> {
            c.handshakeTimedOut = true;
            c.close();
        }, config.handshakeTimeout());
        String step = "connection_status_event";
        byte[] previousInstance = daemon.instanceToken;
        try {
            Responses.ConnectionStatusFrame status = null;
            boolean document = false;
            while (status == null || !document) {
                Response r = readFrame(c, step);
                if (r instanceof Responses.ConnectionStatusFrame next) {
                    if (status == null) {
                        status = checkFirstStatus(transport, next);
                    } else {
                        // a later one replaces the geometry too (Dispatcher): held to the same bounds
                        checkGeometry(transport.describe(), next.sphinxGeometry(), next.pigeonholeGeometry());
                    }
                } else if (r instanceof Responses.NewPkiDocumentFrame) {
                    document = true;
                } else if (r instanceof QueryReply || r instanceof Responses.SessionTokenReply) {
                    throw new ProtocolViolationException("handshake with kpclientd at " + transport.describe()
                            + ": got " + r.wireKey() + " while waiting for " + step
                            + ", a reply that cannot come before the session token");
                }
                dispatcher.dispatch(c, r);
                step = status == null ? "connection_status_event" : "new_pki_document_event";
            }
            step = "session_token_reply";
            c.writeNow(codec.encodeRequest(new Requests.SessionToken(sessionToken.clone())));
            while (true) {
                // Replies buffered by the daemon during a disconnect arrive before the token reply: keep them.
                Response r = readFrame(c, step);
                if (r instanceof Responses.SessionTokenReply reply) {
                    watchdog.cancel(false);
                    c.answeredAll(); // the daemon read our token: our send buffer is empty
                    boolean restarted = previousInstance != null
                            && !Arrays.equals(previousInstance, status.instanceToken());
                    daemon.sessionResumed = reply.resumed();
                    if (previousInstance == null) {
                        log.info("connected to kpclientd at {} (mixnet {}, session {})", transport.describe(),
                                daemon.mixnetConnected ? "online" : "offline", reply.resumed() ? "resumed" : "new");
                    } else {
                        log.debug("handshake with kpclientd at {} done (session {})", transport.describe(),
                                reply.resumed() ? "resumed" : "new");
                    }
                    return new Result(c, reply.resumed(), restarted);
                }
                dispatcher.dispatch(c, r);
            }
        } catch (IOException e) {
            watchdog.cancel(false); // it holds the connection until the handshake timeout otherwise
            c.close();
            if (c.handshakeTimedOut) {
                throw new RequestTimeoutException("handshake with kpclientd at " + transport.describe()
                        + " did not finish within " + config.handshakeTimeout() + " (waiting for " + step + ")");
            }
            throw new DaemonConnectionException("connection to kpclientd at " + transport.describe()
                    + " ended during the handshake while waiting for " + step + ": " + e.getMessage(), e);
        } catch (ThinClientException e) {
            watchdog.cancel(false);
            c.close();
            throw e;
        } catch (RuntimeException e) {
            watchdog.cancel(false);
            c.close();
            throw new ProtocolViolationException("handshake with kpclientd at " + transport.describe()
                    + " failed while waiting for " + step + ": " + e.getMessage(), e);
        }
    }

    private static Responses.ConnectionStatusFrame checkFirstStatus(Transport transport,
            Responses.ConnectionStatusFrame status) {
        if (status.sphinxGeometry() == null || status.pigeonholeGeometry() == null) {
            throw new ProtocolViolationException("kpclientd at " + transport.describe()
                    + " sent no Sphinx or Pigeonhole geometry: it is older than v0.0.76, which this client needs");
        }
        if (status.instanceToken() == null || status.instanceToken().length != 16) {
            throw new ProtocolViolationException("kpclientd at " + transport.describe()
                    + " sent no 16-byte instance token in connection_status_event");
        }
        checkGeometry(transport.describe(), status.sphinxGeometry(), status.pigeonholeGeometry());
        return status;
    }

    /**
     * The smallest {@code MaxPlaintextPayloadLength} this library works with: a box of a framed channel holds a
     * {@value ChannelFrames#HEADER_LENGTH}-byte frame header and at least one byte (a copy stream's box, a 4-byte
     * length and at least one byte). Below it the store's transfer arithmetic divides by zero or goes negative.
     */
    static final int MIN_MAX_PLAINTEXT_PAYLOAD_LENGTH = ChannelFrames.HEADER_LENGTH + 1;

    /**
     * Checks the geometry lengths this library computes with (message and box sizes; docs/reliability.md,
     * "Handshake"): positive, and below the {@value Frames#MAX_FRAME_LENGTH}-byte frame limit, since a payload
     * travels in one frame. A null geometry (absent from a later status event) is not checked.
     *
     * @param daemon the daemon's description, for the message
     * @throws ProtocolViolationException naming the field and its value (geometry is not secret)
     */
    static void checkGeometry(String daemon, SphinxGeometry sphinx, PigeonholeGeometry pigeonhole) {
        if (sphinx != null) {
            checkLength(daemon, "Sphinx", WireFields.G_USER_FORWARD_PAYLOAD_LENGTH,
                    sphinx.userForwardPayloadLength(), 1);
        }
        if (pigeonhole != null) {
            checkLength(daemon, "Pigeonhole", WireFields.G_MAX_PLAINTEXT_PAYLOAD_LENGTH,
                    pigeonhole.maxPlaintextPayloadLength(), MIN_MAX_PLAINTEXT_PAYLOAD_LENGTH);
        }
    }

    private static void checkLength(String daemon, String geometry, String field, int value, int min) {
        if (value < min || value >= Frames.MAX_FRAME_LENGTH) {
            throw new ProtocolViolationException("kpclientd at " + daemon + " sent a " + geometry + " geometry with "
                    + field + " " + value + "; this client needs " + min + " to " + (Frames.MAX_FRAME_LENGTH - 1));
        }
    }

    private KeepAlive keepAlive() {
        TcpKeepAlive k = config.tcpKeepAlive();
        return k == null ? KeepAlive.OFF : KeepAlive.of(k.idle(), k.interval(), k.count());
    }

    private Response readFrame(Connection c, String step) throws IOException {
        int length = c.frames.next();
        if (length < 0) {
            throw new EOFException("kpclientd closed the connection");
        }
        try {
            return codec.decodeResponse(c.frames.buffer(), 0, length);
        } catch (CborException e) {
            throw new ProtocolViolationException("malformed frame from kpclientd at " + c.transport.describe()
                    + " while waiting for " + step + ": " + e.getMessage(), e);
        }
    }
}
