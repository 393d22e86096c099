package org.katzenpost.thin.event;

import java.time.Duration;
import java.util.Optional;

/** A reconnection attempt is scheduled after {@code delay}; {@code attempt} counts from 1. */
public record ReconnectingEvent(int attempt, Duration delay, Optional<String> lastError) implements ThinClientEvent {}
