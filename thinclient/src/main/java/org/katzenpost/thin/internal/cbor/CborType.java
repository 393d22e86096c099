package org.katzenpost.thin.internal.cbor;

/** The kind of the next data item, as far as a decoder of this protocol cares. */
public enum CborType {
    UNSIGNED, NEGATIVE, BYTES, TEXT, ARRAY, MAP, TAG, FALSE, TRUE, NULL, UNDEFINED, SIMPLE, FLOAT, BREAK
}
