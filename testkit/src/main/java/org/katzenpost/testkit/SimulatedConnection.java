package org.katzenpost.testkit;

import java.util.Optional;

/**
 * One client connection accepted by a {@link KpclientdSimulator}, for tests that want to act on it directly.
 * Obtain with {@link KpclientdSimulator#connections()} or {@link KpclientdSimulator#awaitConnection}.
 * Thread-safe.
 */
public interface SimulatedConnection {
    /**
     * Which connection this is.
     *
     * @return 1 for the first connection the simulator accepted, then 2, 3, and so on (also across restarts)
     */
    long id();

    /**
     * The transport the client came in on.
     *
     * @return {@code "tcp"}, {@code "unix"}, {@code "abstract-unix"} or {@code "websocket"}
     */
    String transport();

    /**
     * Whether the connection is still open.
     *
     * @return false once either side closed it
     */
    boolean isOpen();

    /**
     * Whether the client left cleanly.
     *
     * @return true once the client sent {@code thin_close} on it
     */
    boolean isThinCloseReceived();

    /**
     * Whether the handshake is complete from the daemon's side.
     *
     * @return true once the {@code session_token_reply} has been queued
     */
    boolean isHandshakeComplete();

    /**
     * Whether the client's session was resumed.
     *
     * @return the resumed flag of the {@code session_token_reply}; empty until it is sent
     */
    Optional<Boolean> resumed();

    /**
     * Queues actions after the frames already queued on this connection.
     *
     * @param actions what to do, in order
     */
    void perform(Misbehaviour... actions);

    /**
     * Closes the socket now, uncleanly: the simulated daemon keeps the session for the grace period
     * (docs/protocol.md#disconnect).
     */
    void drop();

    /**
     * How many frames the simulator has handed to the socket.
     *
     * @return the count; bytes sent by a {@link Misbehaviour} are not counted
     */
    long framesSent();
}
