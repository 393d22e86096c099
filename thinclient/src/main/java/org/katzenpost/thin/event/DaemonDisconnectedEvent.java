package org.katzenpost.thin.event;

import java.util.Optional;

/**
 * The connection to kpclientd ended without {@code close()}. {@code graceful} is true when the daemon announced
 * its shutdown first. The client reconnects by itself when reconnection is enabled.
 */
public record DaemonDisconnectedEvent(boolean graceful, Optional<String> reason) implements ThinClientEvent {}
