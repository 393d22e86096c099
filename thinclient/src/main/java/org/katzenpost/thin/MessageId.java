package org.katzenpost.thin;

/** Identifies a legacy message (echoed back in sent and reply events). 16 bytes. */
public final class MessageId extends Id16 {
    private MessageId(byte[] bytes) {
        super(bytes, "MessageId");
    }

    /** A fresh random id from {@link java.security.SecureRandom}. */
    public static MessageId random() {
        return new MessageId(random16());
    }

    /** Wraps a copy of 16 bytes; anything else is an {@link IllegalArgumentException}. */
    public static MessageId of(byte[] bytes) {
        return new MessageId(bytes);
    }
}
