package org.katzenpost.thin;

/** Identifies a single-use reply block: correlates a sent message with its reply. 16 bytes. */
public final class SurbId extends Id16 {
    private SurbId(byte[] bytes) {
        super(bytes, "SurbId");
    }

    /** A fresh random id from {@link java.security.SecureRandom}. */
    public static SurbId random() {
        return new SurbId(random16());
    }

    /** Wraps a copy of 16 bytes; anything else is an {@link IllegalArgumentException}. */
    public static SurbId of(byte[] bytes) {
        return new SurbId(bytes);
    }
}
