package org.katzenpost.thin.event;

import org.katzenpost.thin.MessageId;
import org.katzenpost.thin.SurbId;

/**
 * A reply to a message sent with a SURB. The payload is the service's answer zero-padded to a fixed size by
 * the daemon: applications carry their own length if they need it.
 */
public final class MessageReplyEvent implements ThinClientEvent {
    private final MessageId messageId;
    private final SurbId surbId;
    private final byte[] payload;
    private final int errorCode;

    /**
     * A reply event; the library makes these, tests may too.
     *
     * @param messageId the id of the send ({@code sendReliableMessage}), or null for a send without one
     * @param surbId the SURB id the reply came back on, or null when the daemon named none
     * @param payload the reply payload (copied; null reads as empty)
     * @param errorCode the thin-client error code, 0 for success
     */
    public MessageReplyEvent(MessageId messageId, SurbId surbId, byte[] payload, int errorCode) {
        this.messageId = messageId;
        this.surbId = surbId;
        this.payload = payload == null ? new byte[0] : payload.clone();
        this.errorCode = errorCode;
    }

    /**
     * The id of the send this replies to.
     *
     * @return the message id given to {@code sendReliableMessage}, or null for a send without one
     */
    public MessageId messageId() {
        return messageId;
    }

    /**
     * The SURB the reply came back on.
     *
     * @return the SURB id, or null when the daemon named none
     */
    public SurbId surbId() {
        return surbId;
    }

    /**
     * A copy of the reply payload (application data, possibly secret; never in {@link #toString()}).
     *
     * @return a fresh array, zero-padded by the daemon; empty when the reply carried none
     */
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * The payload's length, without copying it.
     *
     * @return the length in bytes, padding included
     */
    public int payloadLength() {
        return payload.length;
    }

    /**
     * Thin-client error code (docs/protocol.md#thin-codes); 0 today for every reply the daemon delivers.
     *
     * @return the code, 0 for success
     */
    public int errorCode() {
        return errorCode;
    }

    /** Payloads are application data: never printed. */
    @Override
    public String toString() {
        return "MessageReplyEvent[messageId=" + (messageId == null ? "none" : messageId) + ", surbId=" + surbId
                + ", payload=" + payload.length + " bytes, errorCode=" + errorCode + "]";
    }
}
