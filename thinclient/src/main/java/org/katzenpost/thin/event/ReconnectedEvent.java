package org.katzenpost.thin.event;

/**
 * The client is connected again and the handshake is done.
 *
 * @param resumed the daemon recognised our session token and kept our session
 * @param daemonRestarted the daemon's instance token changed: in-flight work the daemon held was lost and
 *     the client re-issued what it owns
 * @param reissued how many in-flight requests were sent again
 */
public record ReconnectedEvent(boolean resumed, boolean daemonRestarted, int reissued) implements ThinClientEvent {}
