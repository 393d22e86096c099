package org.katzenpost.thin.pigeonhole;

import org.katzenpost.thin.internal.wire.WireSizes;

/**
 * The daemon's 32-byte hash of a courier envelope: the id of one {@code start_resending_encrypted_message}
 * operation, used to cancel it. Not secret; {@link #toString()} shows it in hex.
 */
public final class EnvelopeHash extends Blob {
    public static final int LENGTH = WireSizes.HASH;

    private EnvelopeHash(byte[] bytes) {
        super(bytes, LENGTH);
    }

    public static EnvelopeHash of(byte[] bytes) {
        return new EnvelopeHash(bytes);
    }

    public static EnvelopeHash fromBase64(String base64) {
        return new EnvelopeHash(decodeBase64(base64, "EnvelopeHash"));
    }

    @Override
    boolean isSecret() {
        return false;
    }
}
