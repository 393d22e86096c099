package org.katzenpost.thin.event;

/**
 * A frame of a kind this library does not know (a newer daemon). Logged and reported, never fatal.
 *
 * @param kind the frame's key on the wire, for example {@code "some_new_event"}
 */
public record UnknownEvent(String kind) implements ThinClientEvent {}
