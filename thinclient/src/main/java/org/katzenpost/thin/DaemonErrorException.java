package org.katzenpost.thin;

/**
 * The daemon answered a request with a non-zero error code from the thin-client namespace
 * (docs/protocol.md#thin-codes). Replica codes arrive as
 * {@link org.katzenpost.thin.pigeonhole.ReplicaErrorException} instead (docs/protocol.md#error-namespaces).
 */
public class DaemonErrorException extends ThinClientException {
    private static final long serialVersionUID = 1L;
    /** The code as an enum; null for a number this library does not know. */
    private final ThinErrorCode code;
    /** The daemon's {@code error_code} as sent. */
    private final int rawCode;

    /**
     * Creates the exception; the message names the operation and describes the code.
     *
     * @param operation the request that failed, for example {@code "encrypt_read"}
     * @param rawCode the daemon's {@code error_code}, kept even when this library does not know it
     */
    public DaemonErrorException(String operation, int rawCode) {
        super(operation + " failed: " + ThinErrorCode.describe(rawCode));
        this.rawCode = rawCode;
        this.code = ThinErrorCode.fromCode(rawCode).orElse(null);
    }

    /**
     * The code as an enum.
     *
     * @return the code, or null when the daemon sent a number this library does not know (see
     *         {@link #rawCode()})
     */
    public ThinErrorCode code() {
        return code;
    }

    /**
     * The code exactly as the daemon sent it.
     *
     * @return the daemon's {@code error_code}, never 0
     */
    public int rawCode() {
        return rawCode;
    }
}
