package org.katzenpost.thin.event;

import java.util.Optional;

/**
 * The connection to kpclientd ended without {@code close()}. The client reconnects by itself when reconnection is
 * enabled (docs/protocol.md#reconnect).
 *
 * @param graceful true when the daemon announced its shutdown first ({@code shutdown_event})
 * @param reason why the connection ended, for logs; empty when unknown
 */
public record DaemonDisconnectedEvent(boolean graceful, Optional<String> reason) implements ThinClientEvent {}
