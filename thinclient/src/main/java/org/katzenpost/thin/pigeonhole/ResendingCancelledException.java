package org.katzenpost.thin.pigeonhole;

import java.util.Optional;
import org.katzenpost.thin.DaemonErrorException;
import org.katzenpost.thin.ThinErrorCode;

/**
 * Thin code 24: the daemon ended a {@code start_resending_encrypted_message} or {@code start_resending_copy_command}
 * because a cancel request named it. The future of the start call fails with this exception; the cancel call
 * itself completes normally.
 *
 * <p>This is not a {@link java.util.concurrent.CancellationException}: the caller of the start did not cancel its
 * own future; someone cancelled the operation at the daemon (when the caller cancels the future, the future is
 * simply cancelled and this library sends the cancel request itself).
 */
public class ResendingCancelledException extends DaemonErrorException {
    private static final long serialVersionUID = 1L;

    private final transient Courier courier;

    /**
     * Creates the exception.
     *
     * @param operation the start request that was cancelled, for example {@code start_resending_copy_command}
     * @param courier the courier the reply named, or null
     */
    public ResendingCancelledException(String operation, Courier courier) {
        super(operation, ThinErrorCode.START_RESENDING_CANCELLED.code());
        this.courier = courier;
    }

    /**
     * The courier the daemon had chosen (encrypted messages only). Not kept when the exception is serialised.
     *
     * @return the courier when the reply named one, else empty
     */
    public Optional<Courier> courier() {
        return Optional.ofNullable(courier);
    }
}
