package org.katzenpost.thin;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The 16-byte token by which kpclientd knows a client's session across connections (the {@code session_token}
 * request of the handshake, docs/reliability.md). A client presents the same token on every reconnect; a new
 * {@link ThinClient}, in this process or another, can take over a session by presenting it too
 * ({@link ThinClientConfig.Builder#resumeSession(SessionToken)}), as long as the session still exists in the
 * daemon: after {@link ThinClient#disconnect()} or a lost connection it is kept for the daemon's grace period
 * (kpclientd's {@code SessionGracePeriod}, 10 minutes by default); after {@link ThinClient#close()} it is gone.
 *
 * <p>A secret: whoever presents it to the daemon receives the session's replies. {@link #toString()} does not
 * show it; store {@link #toBytes()} as carefully as a key.
 */
public final class SessionToken {
    /** Length of a token in bytes: {@value}. */
    public static final int LENGTH = 16;

    private final byte[] bytes;

    private SessionToken(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Wraps a copy of a token read back from storage.
     *
     * @param bytes the 16 bytes {@link #toBytes()} returned
     * @return the token
     * @throws IllegalArgumentException if {@code bytes} is null or not 16 bytes long
     */
    public static SessionToken of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a session token is " + LENGTH + " bytes, got "
                    + (bytes == null ? "null" : bytes.length));
        }
        return new SessionToken(bytes.clone());
    }

    /**
     * A copy of the token's bytes, to store for a later {@link #of(byte[])}.
     *
     * @return 16 bytes
     */
    public byte[] toBytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionToken t && MessageDigest.isEqual(bytes, t.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "SessionToken[redacted]";
    }
}
