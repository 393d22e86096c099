package org.katzenpost.thin.pigeonhole;

/**
 * The daemon's opaque envelope descriptor from {@code encrypt_read}/{@code encrypt_write}: it holds the private
 * key that decrypts the courier's reply, so it is <strong>secret</strong>. Non-empty, any length.
 */
public final class EnvelopeDescriptor extends Blob {
    private EnvelopeDescriptor(byte[] bytes, boolean adopt) {
        super(bytes, -1, adopt);
        if (bytes.length == 0) {
            throw new IllegalArgumentException("EnvelopeDescriptor must not be empty");
        }
    }

    /** A value over bytes just decoded (from a daemon reply or Base64), without copying them (see {@code Blob}). */
    static EnvelopeDescriptor adopt(byte[] decoded) {
        return new EnvelopeDescriptor(decoded, true);
    }

    /**
     * Wraps a copy of existing bytes, for example a descriptor read back from storage.
     *
     * @param bytes the daemon's bytes, not empty; copied
     * @return the value
     * @throws IllegalArgumentException if {@code bytes} is null or empty
     */
    public static EnvelopeDescriptor of(byte[] bytes) {
        return new EnvelopeDescriptor(bytes, false);
    }

    /**
     * Reads the text of {@link #toBase64()}; URL-safe Base64 and surrounding whitespace are accepted too.
     *
     * @param base64 Base64 of the bytes
     * @return the value
     * @throws IllegalArgumentException if the text is null, not Base64, or decodes to nothing; the message never shows
     *        the text
     */
    public static EnvelopeDescriptor fromBase64(String base64) {
        return adopt(decodeBase64(base64, "EnvelopeDescriptor")); // a fresh array, which nothing else holds
    }

    @Override
    boolean isSecret() {
        return true;
    }
}
