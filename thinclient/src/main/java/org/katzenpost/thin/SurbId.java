package org.katzenpost.thin;

/** Identifies a single-use reply block: correlates a sent message with its reply. 16 bytes. */
public final class SurbId extends Id16 {
    private SurbId(byte[] bytes) {
        super(bytes, "SurbId");
    }

    /**
     * A fresh random id.
     *
     * @return 16 bytes from the kernel's random source ({@code /dev/urandom}; {@link java.security.SecureRandom}
     *     where there is none)
     */
    public static SurbId random() {
        return new SurbId(random16());
    }

    /**
     * Wraps a copy of existing bytes, for example an id read back from storage.
     *
     * @param bytes exactly 16 bytes; copied, so later changes to the array do not affect the id
     * @return the id
     * @throws IllegalArgumentException if {@code bytes} is null or not 16 bytes long
     */
    public static SurbId of(byte[] bytes) {
        return new SurbId(bytes);
    }
}
