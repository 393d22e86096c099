package org.katzenpost.thin;

/** Identifies a legacy message (echoed back in sent and reply events). 16 bytes. */
public final class MessageId extends Id16 {
    private MessageId(byte[] bytes) {
        super(bytes, "MessageId");
    }

    /**
     * A fresh random id.
     *
     * @return 16 bytes from the kernel's random source ({@code /dev/urandom}; {@link java.security.SecureRandom}
     *     where there is none)
     */
    public static MessageId random() {
        return new MessageId(random16());
    }

    /**
     * Wraps a copy of existing bytes, for example an id read back from storage.
     *
     * @param bytes exactly 16 bytes; copied, so later changes to the array do not affect the id
     * @return the id
     * @throws IllegalArgumentException if {@code bytes} is null or not 16 bytes long
     */
    public static MessageId of(byte[] bytes) {
        return new MessageId(bytes);
    }
}
