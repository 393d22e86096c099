package org.katzenpost.thin;

/** Identifies a request to the daemon; every Pigeonhole, PKI and voucher reply carries it. 16 bytes. */
public final class QueryId extends Id16 {
    private QueryId(byte[] bytes) {
        super(bytes, "QueryId");
    }

    /** A fresh random id from {@link java.security.SecureRandom}. */
    public static QueryId random() {
        return new QueryId(random16());
    }

    /** Wraps a copy of 16 bytes; anything else is an {@link IllegalArgumentException}. */
    public static QueryId of(byte[] bytes) {
        return new QueryId(bytes);
    }
}
