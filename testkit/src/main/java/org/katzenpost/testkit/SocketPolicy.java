package org.katzenpost.testkit;

/**
 * How a {@link KpclientdSimulator} treats one request instead of serving it, for testing how a client copes
 * with a daemon that misbehaves at that moment (as OkHttp's {@code SocketPolicy}). Script it by kind with
 * {@link KpclientdSimulator#whenNext(org.katzenpost.thin.stats.RequestKind, SocketPolicy)}: the policy applies to
 * the next request of that kind, on whatever connection it arrives; the request is still recorded.
 *
 * <p>Misbehaviour during the handshake (before any request) is scripted per connection with a
 * {@link ConnectionScript}, for instance {@code ConnectionScript.closeAt(HandshakeStep.AFTER_TOKEN_REPLY)} for a
 * daemon that drops the connection right after the handshake; {@link SimulatedConnection#perform} applies a
 * {@link Misbehaviour} to an open connection at any time.
 */
public enum SocketPolicy {
    /**
     * Never answer: the request is read and then forgotten (no reply, no event, no effect), and the connection
     * goes on serving later requests.
     */
    NO_RESPONSE,

    /**
     * Close the socket right after reading the request, writing nothing. For the daemon's session table this is
     * an unclean disconnect: the session is kept for the grace period.
     */
    DISCONNECT_AFTER_REQUEST,

    /**
     * Cut mid-frame: write the 4-byte length prefix of a well-formed reply to the request and only the first
     * half of its body, then close the socket. (For {@code send_message}, which has no reply, the frame is a
     * {@code connection_status_event}.)
     */
    DISCONNECT_DURING_RESPONSE,

    /**
     * Stop reading and writing on this connection from this request on, without closing it: the frames queued
     * before it are still written, the client's later writes pile up in the socket buffers, and the socket stays
     * open until the client or the simulator closes it.
     */
    STALL,

    /**
     * Write a {@code shutdown_event}, then close the socket: a graceful daemon shutdown as this connection sees
     * it, right after the request.
     */
    SHUTDOWN_AFTER_REQUEST
}
