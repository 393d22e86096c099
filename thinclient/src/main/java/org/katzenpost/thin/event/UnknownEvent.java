package org.katzenpost.thin.event;

/** A frame of a kind this library does not know (a newer daemon). Logged and reported, never fatal. */
public record UnknownEvent(String kind) implements ThinClientEvent {}
