package org.katzenpost.groups;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.katzenpost.thin.cbor.Cbor;
import org.katzenpost.thin.cbor.CborFormatException;
import org.katzenpost.thin.pigeonhole.Blake2b256;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.ReadCap;

/**
 * How a member joins a group: their display name, the read cap of the stream they write (secret: it lets its
 * holder read everything they send to the group) and the box to start reading at. Their {@link MemberId} is the
 * hash of the read cap.
 *
 * <p>Two forms: {@link #toBytes()} (CBOR, about 160 bytes plus the name) and {@link #toText()}, which fits a QR
 * code: {@value #TEXT_PREFIX} then base32 (upper case, no padding) of the bytes and a 4-byte checksum, about 265
 * characters for a short name, all in the QR alphanumeric set (docs/groups.md). The start index is left out when it is the cap's own first index.
 */
public final class Introduction {
    /** What introduction texts start with: {@value}. */
    public static final String TEXT_PREFIX = "KATZEN-INTRO1:";
    /** The longest display name, in UTF-8 bytes: {@value}. */
    public static final int MAX_DISPLAY_NAME_BYTES = 64;
    private static final int CHECKSUM_LENGTH = 4;
    private static final long VERSION = 1;

    private final String displayName;
    private final ReadCap readCap;
    private final MessageBoxIndex startIndex;
    private final MemberId memberId;

    private Introduction(String displayName, ReadCap readCap, MessageBoxIndex startIndex, MemberId memberId) {
        this.displayName = checkName(displayName);
        this.readCap = Objects.requireNonNull(readCap, "readCap");
        this.startIndex = Objects.requireNonNull(startIndex, "startIndex");
        this.memberId = memberId == null ? MemberId.of(readCap) : memberId;
    }

    /**
     * Makes an introduction.
     *
     * @param displayName the member's name: 1 to {@value #MAX_DISPLAY_NAME_BYTES} UTF-8 bytes, no control
     *     characters
     * @param readCap the read cap of the member's stream
     * @param startIndex where readers start
     * @return the introduction
     * @throws IllegalArgumentException for a bad display name
     */
    public static Introduction of(String displayName, ReadCap readCap, MessageBoxIndex startIndex) {
        return new Introduction(displayName, readCap, startIndex, null);
    }

    /**
     * Makes an introduction of a member who keeps the id of an earlier stream (after a rotation, see
     * {@link GroupChannel#rotate()}).
     *
     * @param displayName the member's name
     * @param readCap the read cap of the member's current stream
     * @param startIndex where readers start
     * @param memberId the member's id (the hash of the read cap they first joined with)
     * @return the introduction
     */
    public static Introduction of(String displayName, ReadCap readCap, MessageBoxIndex startIndex,
            MemberId memberId) {
        return new Introduction(displayName, readCap, startIndex, Objects.requireNonNull(memberId, "memberId"));
    }

    static String checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a display name must not be empty");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_DISPLAY_NAME_BYTES) {
            throw new IllegalArgumentException("a display name is at most " + MAX_DISPLAY_NAME_BYTES + " UTF-8 bytes");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a display name must not contain control characters");
        }
        return name;
    }

    /**
     * The member's display name (chosen by them: not unique, not verified).
     *
     * @return the name
     */
    public String displayName() {
        return displayName;
    }

    /**
     * The read cap of the member's stream (secret).
     *
     * @return the cap
     */
    public ReadCap readCap() {
        return readCap;
    }

    /**
     * The first box to read.
     *
     * @return the index
     */
    public MessageBoxIndex startIndex() {
        return startIndex;
    }

    /**
     * The member's id: BLAKE2b-256 of the read cap they first joined with (of this read cap, unless the member
     * has rotated to a new stream since).
     *
     * @return the id
     */
    public MemberId memberId() {
        return memberId;
    }

    /**
     * The binary form: a CBOR map {@code {"v": 1, "n": name, "r": read cap, "i": start index, "m": member id}}
     * ({@code "i"} left out when it equals the cap's first index, {@code "m"} when it is the hash of the cap).
     *
     * @return the bytes (secret: they hold the read cap)
     */
    public byte[] toBytes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", VERSION);
        m.put("n", displayName);
        m.put("r", readCap.toBytes());
        if (!startIndex.equals(readCap.firstIndex())) {
            m.put("i", startIndex.toBytes());
        }
        if (!memberId.equals(MemberId.of(readCap))) {
            m.put("m", memberId.toBytes());
        }
        return Cbor.encode(m);
    }

    /**
     * Reads the binary form.
     *
     * @param bytes what {@link #toBytes()} produced
     * @return the introduction
     * @throws IntroductionFormatException if the bytes are not an introduction
     */
    public static Introduction fromBytes(byte[] bytes) {
        Object v;
        try {
            v = Cbor.decode(bytes);
        } catch (CborFormatException e) {
            throw new IntroductionFormatException("not an introduction: " + e.getMessage());
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new IntroductionFormatException("not an introduction: not a map");
        }
        if (!Long.valueOf(VERSION).equals(m.get("v"))) {
            throw new IntroductionFormatException("unsupported introduction version");
        }
        if (!(m.get("n") instanceof String name) || !(m.get("r") instanceof byte[] cap)) {
            throw new IntroductionFormatException("an introduction needs a name and a read cap");
        }
        try {
            ReadCap readCap = ReadCap.of(cap);
            Object i = m.get("i");
            MessageBoxIndex start;
            if (i == null) {
                start = readCap.firstIndex();
            } else if (i instanceof byte[] b) {
                start = MessageBoxIndex.of(b);
            } else {
                throw new IntroductionFormatException("the start index is not a byte string");
            }
            Object id = m.get("m");
            if (id != null && !(id instanceof byte[])) {
                throw new IntroductionFormatException("the member id is not a byte string");
            }
            return new Introduction(name, readCap, start, id == null ? null : MemberId.fromBytes((byte[]) id));
        } catch (IntroductionFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new IntroductionFormatException("not an introduction: bad field lengths or display name");
        }
    }

    /**
     * The text form, for a QR code or a chat line: {@value #TEXT_PREFIX} and base32 of the bytes and a checksum.
     *
     * @return the text (secret: it holds the read cap)
     */
    public String toText() {
        byte[] body = toBytes();
        byte[] all = Arrays.copyOf(body, body.length + CHECKSUM_LENGTH);
        System.arraycopy(checksum(body), 0, all, body.length, CHECKSUM_LENGTH);
        return TEXT_PREFIX + Base32.encode(all);
    }

    /**
     * Reads the text form; the prefix and letters may be in any case, and white space (line breaks from
     * copying) is ignored.
     *
     * @param text what {@link #toText()} produced
     * @return the introduction
     * @throws IntroductionFormatException if the text is not an introduction or its checksum does not match
     *     (a typo or a truncated copy)
     */
    public static Introduction fromText(String text) {
        if (text == null) {
            throw new IntroductionFormatException("no introduction text");
        }
        String t = text.replaceAll("\\s+", "");
        if (!t.regionMatches(true, 0, TEXT_PREFIX, 0, TEXT_PREFIX.length())) {
            throw new IntroductionFormatException("an introduction text starts with " + TEXT_PREFIX);
        }
        byte[] all;
        try {
            all = Base32.decode(t.substring(TEXT_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IntroductionFormatException("not an introduction text: " + e.getMessage());
        }
        if (all.length <= CHECKSUM_LENGTH) {
            throw new IntroductionFormatException("introduction text too short");
        }
        byte[] body = Arrays.copyOf(all, all.length - CHECKSUM_LENGTH);
        byte[] sum = Arrays.copyOfRange(all, body.length, all.length);
        if (!Arrays.equals(sum, checksum(body))) {
            throw new IntroductionFormatException("introduction text checksum mismatch (typo or truncated copy?)");
        }
        return fromBytes(body);
    }

    private static byte[] checksum(byte[] body) {
        return Arrays.copyOf(Blake2b256.digest(body), CHECKSUM_LENGTH);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Introduction i && i.displayName.equals(displayName) && i.readCap.equals(readCap)
                && i.startIndex.equals(startIndex) && i.memberId.equals(memberId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(displayName, readCap, startIndex);
    }

    /** Shows the name and member id, never the cap. */
    @Override
    public String toString() {
        return "Introduction[" + displayName + ", " + memberId.shortId() + "]";
    }
}
