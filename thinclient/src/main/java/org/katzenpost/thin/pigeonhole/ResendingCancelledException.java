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

    public ResendingCancelledException(String operation, Courier courier) {
        super(operation, ThinErrorCode.START_RESENDING_CANCELLED.code());
        this.courier = courier;
    }

    /** The courier the daemon had chosen, when the reply named one (encrypted messages only). */
    public Optional<Courier> courier() {
        return Optional.ofNullable(courier);
    }
}
