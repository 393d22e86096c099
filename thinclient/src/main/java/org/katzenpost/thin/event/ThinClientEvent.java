package org.katzenpost.thin.event;

/**
 * Everything the client reports asynchronously. Delivered to listeners and subscriptions in the order the
 * daemon sent it (client-side events such as disconnects are ordered with the frames around them).
 */
public sealed interface ThinClientEvent
        permits ConnectionStatusEvent, NewPkiDocumentEvent, MessageSentEvent, MessageReplyEvent,
                MessageIdGarbageCollectedEvent, DaemonDisconnectedEvent, ReconnectingEvent, ReconnectedEvent,
                ShutdownEvent, UnknownEvent {}
