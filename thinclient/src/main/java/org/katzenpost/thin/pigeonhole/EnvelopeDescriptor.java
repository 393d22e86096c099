package org.katzenpost.thin.pigeonhole;

/**
 * The daemon's opaque envelope descriptor from {@code encrypt_read}/{@code encrypt_write}: it holds the private
 * key that decrypts the courier's reply, so it is <strong>secret</strong>. Non-empty, any length.
 */
public final class EnvelopeDescriptor extends Blob {
    private EnvelopeDescriptor(byte[] bytes) {
        super(bytes, -1);
        if (bytes.length == 0) {
            throw new IllegalArgumentException("EnvelopeDescriptor must not be empty");
        }
    }

    public static EnvelopeDescriptor of(byte[] bytes) {
        return new EnvelopeDescriptor(bytes);
    }

    public static EnvelopeDescriptor fromBase64(String base64) {
        return new EnvelopeDescriptor(decodeBase64(base64, "EnvelopeDescriptor"));
    }

    @Override
    boolean isSecret() {
        return true;
    }
}
