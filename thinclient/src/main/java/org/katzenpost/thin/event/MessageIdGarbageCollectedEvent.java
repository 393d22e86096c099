package org.katzenpost.thin.event;

import org.katzenpost.thin.MessageId;

/**
 * Legacy: the daemon forgot a message id. Current daemons never send it; kept for completeness.
 *
 * @param messageId the id the daemon forgot
 */
public record MessageIdGarbageCollectedEvent(MessageId messageId) implements ThinClientEvent {}
