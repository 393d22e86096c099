package org.katzenpost.thin.pigeonhole;

/**
 * The residual copy-stream encoder buffer that {@code create_courier_envelopes_from_multi_payload} and
 * {@code …_from_tombstone_range} return when {@code isLast} is false: pass it unchanged into the next call of
 * the same stream (the daemon keeps no state between calls). {@link #EMPTY} starts a stream. It holds
 * encrypted envelope bytes only, but is still printed as length and fingerprint.
 */
public final class CopyStreamBuffer extends Blob {
    /** No residue: the value for the first call, and what a call with {@code isLast = true} returns. */
    public static final CopyStreamBuffer EMPTY = new CopyStreamBuffer(new byte[0]);

    private CopyStreamBuffer(byte[] bytes) {
        super(bytes, -1);
    }

    /**
     * Wraps a copy of a buffer the daemon returned, for example read back from storage.
     *
     * @param bytes the residue; copied
     * @return the buffer; {@link #EMPTY} for null or empty bytes
     */
    public static CopyStreamBuffer of(byte[] bytes) {
        return bytes == null || bytes.length == 0 ? EMPTY : new CopyStreamBuffer(bytes);
    }

    /**
     * Reads the text of {@link #toBase64()}; URL-safe Base64 and surrounding whitespace are accepted too.
     *
     * @param base64 Base64 of the residue; empty text gives {@link #EMPTY}
     * @return the buffer
     * @throws IllegalArgumentException if the text is null or not Base64; the message never shows the text
     */
    public static CopyStreamBuffer fromBase64(String base64) {
        return of(decodeBase64(base64, "CopyStreamBuffer"));
    }

    /**
     * Whether there is no residue: the stream was finished or not started.
     *
     * @return true for a buffer of no bytes
     */
    public boolean isEmpty() {
        return length() == 0;
    }

    @Override
    boolean isSecret() {
        return true;
    }
}
