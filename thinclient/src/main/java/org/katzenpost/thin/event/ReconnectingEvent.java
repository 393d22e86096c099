package org.katzenpost.thin.event;

import java.time.Duration;

/**
 * A reconnection attempt is scheduled.
 *
 * @param attempt the attempt's number, counting from 1
 * @param delay how long until the attempt
 * @param lastError why the previous attempt or the connection failed, or null when nothing is known
 */
public record ReconnectingEvent(int attempt, Duration delay, String lastError) implements ThinClientEvent {}
