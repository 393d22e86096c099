package org.katzenpost.thin.event;

/**
 * The connection to kpclientd ended without {@code close()}. The client reconnects by itself when reconnection is
 * enabled.
 *
 * @param graceful true when the daemon announced its shutdown first
 * @param reason why the connection ended, or null when nothing is known
 */
public record DaemonDisconnectedEvent(boolean graceful, String reason) implements ThinClientEvent {}
