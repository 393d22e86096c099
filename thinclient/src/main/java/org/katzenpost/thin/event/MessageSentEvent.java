package org.katzenpost.thin.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.katzenpost.thin.MessageId;
import org.katzenpost.thin.SurbId;

/**
 * The daemon handed a message with a SURB to the mixnet, or failed to ({@link #error()} present).
 *
 * @param messageId the id given to the send, if any
 * @param replyEta how long the daemon expects the reply to take
 */
public record MessageSentEvent(Optional<MessageId> messageId, SurbId surbId, Instant sentAt, Duration replyEta,
        Optional<String> error) implements ThinClientEvent {}
