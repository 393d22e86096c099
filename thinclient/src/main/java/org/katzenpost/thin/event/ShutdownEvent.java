package org.katzenpost.thin.event;

/** kpclientd announced a graceful shutdown; the connection closes right after. */
public record ShutdownEvent() implements ThinClientEvent {}
