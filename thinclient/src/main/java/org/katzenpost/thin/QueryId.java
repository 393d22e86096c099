package org.katzenpost.thin;

/** Identifies a request to the daemon; every Pigeonhole, PKI and voucher reply carries it. 16 bytes. */
public final class QueryId extends Id16 {
    private QueryId(byte[] bytes) {
        super(bytes, "QueryId");
    }

    /**
     * A fresh random id.
     *
     * @return 16 bytes from the kernel's random source ({@code /dev/urandom}; {@link java.security.SecureRandom}
     *     where there is none)
     */
    public static QueryId random() {
        return new QueryId(random16());
    }

    /**
     * Wraps a copy of existing bytes, for example an id read back from storage.
     *
     * @param bytes exactly 16 bytes; copied, so later changes to the array do not affect the id
     * @return the id
     * @throws IllegalArgumentException if {@code bytes} is null or not 16 bytes long
     */
    public static QueryId of(byte[] bytes) {
        return new QueryId(bytes);
    }
}
