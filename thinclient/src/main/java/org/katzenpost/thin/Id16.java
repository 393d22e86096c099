package org.katzenpost.thin;

import java.util.Arrays;
import java.util.HexFormat;
import org.katzenpost.thin.internal.KernelRandom;

/** Shared behaviour of the 16-byte identifiers: value equality, defensive copies, hex text. */
abstract class Id16 {
    static final int LENGTH = 16;

    private final byte[] bytes;

    Id16(byte[] bytes, String what) {
        if (bytes == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException(what + " must be " + LENGTH + " bytes, got " + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    static byte[] random16() {
        byte[] b = new byte[LENGTH];
        KernelRandom.nextBytes(b);
        return b;
    }

    /**
     * The id's bytes, as sent on the wire.
     *
     * @return a fresh copy of the 16 bytes
     */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /**
     * The id as text, for logs and storage.
     *
     * @return 32 lower-case hexadecimal digits
     */
    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(bytes, ((Id16) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Identifiers are correlation handles, not secrets: shown in full. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + toHex() + ")";
    }
}
