package org.katzenpost.thin.event;

import java.time.Duration;
import java.time.Instant;
import org.katzenpost.thin.MessageId;
import org.katzenpost.thin.SurbId;

/**
 * The daemon handed a message with a SURB to the mixnet, or failed to ({@link #error()} not null).
 *
 * @param messageId the id given to the send ({@code sendReliableMessage}), or null for a send without one
 * @param surbId the SURB id the message was sent with, or null when the daemon sent none
 * @param sentAt when the daemon sent it
 * @param replyEta how long the daemon expects the reply to take
 * @param error the daemon's reason when sending failed, or null when it succeeded
 */
public record MessageSentEvent(MessageId messageId, SurbId surbId, Instant sentAt, Duration replyEta,
        String error) implements ThinClientEvent {}
