/**
 * Listening endpoints for every kpclientd transport (TCP, Unix-domain sockets, WebSocket), for the simulator
 * and for tests that play the daemon's side of the socket themselves.
 *
 * <p>Start with {@link org.katzenpost.testkit.net.Endpoints}, which opens an
 * {@link org.katzenpost.testkit.net.Endpoint} on this machine; each accepted client is a
 * {@link org.katzenpost.testkit.net.Connection}, a plain byte stream. The WebSocket endpoint behaves like the
 * daemon's ({@code docs/protocol.md#transports}).
 *
 * <p>Null arguments: unless a parameter's documentation says it may be null, a null argument throws
 * {@link java.lang.NullPointerException}, whether or not the method lists it (docs/api.md §1).
 */
package org.katzenpost.testkit.net;
