package org.katzenpost.thin;

/** The daemon answered a request with a non-zero error code from the thin-client namespace. */
public class DaemonErrorException extends ThinClientException {
    private static final long serialVersionUID = 1L;
    private final ThinErrorCode code;
    private final int rawCode;

    public DaemonErrorException(String operation, int rawCode) {
        super(operation + " failed: " + ThinErrorCode.describe(rawCode));
        this.rawCode = rawCode;
        this.code = ThinErrorCode.fromCode(rawCode).orElse(null);
    }

    /** The code as an enum, or null when the daemon sent a number this library does not know. */
    public ThinErrorCode code() {
        return code;
    }

    public int rawCode() {
        return rawCode;
    }
}
