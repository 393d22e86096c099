package org.katzenpost.thin.event;

import java.time.Duration;
import java.util.Optional;

/**
 * A reconnection attempt is scheduled (docs/protocol.md#reconnect).
 *
 * @param attempt which attempt this is, counting from 1
 * @param delay how long the client waits before it
 * @param lastError why the previous connection or attempt failed, for logs; empty when unknown
 */
public record ReconnectingEvent(int attempt, Duration delay, Optional<String> lastError) implements ThinClientEvent {}
