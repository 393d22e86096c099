package org.katzenpost.thin.internal.cbor;

/** A CBOR simple value other than false, true, null and undefined. */
public record CborSimple(int value) {}
