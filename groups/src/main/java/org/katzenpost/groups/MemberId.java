package org.katzenpost.groups;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.katzenpost.thin.pigeonhole.Blake2b256;
import org.katzenpost.thin.pigeonhole.ReadCap;

/**
 * Who a group member is: the BLAKE2b-256 hash of the read cap of the stream they write. Not secret (the hash
 * does not reveal the cap); {@link #toString()} shows a short hex form.
 */
public final class MemberId implements Comparable<MemberId> {
    /** Length of an id in bytes: {@value}. */
    public static final int LENGTH = 32;

    private final byte[] hash;

    private MemberId(byte[] hash) {
        this.hash = hash;
    }

    /**
     * The id of the member who writes the stream of {@code readCap}.
     *
     * @param readCap the member's read cap
     * @return BLAKE2b-256 of the cap's bytes
     */
    public static MemberId of(ReadCap readCap) {
        return new MemberId(Blake2b256.digest(Objects.requireNonNull(readCap, "readCap").toBytes()));
    }

    /**
     * An id from its bytes.
     *
     * @param bytes exactly {@value #LENGTH} bytes
     * @return the id
     * @throws IllegalArgumentException for another length
     */
    public static MemberId fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a member id is " + LENGTH + " bytes");
        }
        return new MemberId(bytes.clone());
    }

    /**
     * An id from its full hex form ({@link #toHex()}).
     *
     * @param hex 64 hex digits
     * @return the id
     * @throws IllegalArgumentException if it is not 64 hex digits
     */
    public static MemberId fromHex(String hex) {
        try {
            return fromBytes(HexFormat.of().parseHex(Objects.requireNonNull(hex, "hex")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a member id is " + 2 * LENGTH + " hex digits");
        }
    }

    /**
     * A copy of the id's bytes.
     *
     * @return the 32 bytes
     */
    public byte[] toBytes() {
        return hash.clone();
    }

    /**
     * The full id in lower-case hex.
     *
     * @return 64 hex digits
     */
    public String toHex() {
        return HexFormat.of().formatHex(hash);
    }

    /**
     * The first 8 hex digits, for display.
     *
     * @return a short form (not unique in large groups: use {@link #toHex()} to name a member)
     */
    public String shortId() {
        return toHex().substring(0, 8);
    }

    @Override
    public int compareTo(MemberId o) {
        return Arrays.compareUnsigned(hash, o.hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemberId m && Arrays.equals(hash, m.hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "MemberId(" + shortId() + ")";
    }
}
