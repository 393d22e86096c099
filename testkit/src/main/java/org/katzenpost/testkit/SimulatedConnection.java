package org.katzenpost.testkit;

import java.util.Optional;

/**
 * One client connection accepted by a {@link KpclientdSimulator}, for tests that want to act on it directly.
 * Obtain with {@link KpclientdSimulator#connections()} or {@link KpclientdSimulator#awaitConnection}.
 * Thread-safe.
 */
public interface SimulatedConnection {
    /** 1 for the first connection the simulator accepted, then 2, 3, … (also across restarts). */
    long id();

    /** {@code "tcp"}, {@code "unix"}, {@code "abstract-unix"} or {@code "websocket"}. */
    String transport();

    /** False once either side closed it. */
    boolean isOpen();

    /** Whether the client sent {@code thin_close} on it. */
    boolean thinCloseReceived();

    /** Whether the session_token_reply has been queued (the handshake is complete from the daemon's side). */
    boolean handshakeComplete();

    /** The resumed flag of the session_token_reply, once sent. */
    Optional<Boolean> resumed();

    /** Queue {@code actions} after the frames already queued on this connection. */
    void perform(Misbehaviour... actions);

    /** Close the socket now, uncleanly (the daemon keeps the session for the grace period). */
    void drop();

    /** How many frames the simulator has handed to the socket (misbehaviour bytes not counted). */
    long framesSent();
}
