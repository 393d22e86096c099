package org.katzenpost.thin.internal.cbor;

/** A tagged item kept as found; kpclientd sends no tags, but a lossless decoder must not drop them. */
public record CborTagged(long tag, Object value) {}
