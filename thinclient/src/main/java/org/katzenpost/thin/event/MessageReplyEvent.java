package org.katzenpost.thin.event;

import java.util.Optional;
import org.katzenpost.thin.MessageId;
import org.katzenpost.thin.SurbId;

/**
 * A reply to a message sent with a SURB. The payload is the service's answer zero-padded to a fixed size by
 * the daemon: applications carry their own length if they need it.
 */
public final class MessageReplyEvent implements ThinClientEvent {
    private final Optional<MessageId> messageId;
    private final SurbId surbId;
    private final byte[] payload;
    private final int errorCode;

    public MessageReplyEvent(Optional<MessageId> messageId, SurbId surbId, byte[] payload, int errorCode) {
        this.messageId = messageId;
        this.surbId = surbId;
        this.payload = payload == null ? new byte[0] : payload.clone();
        this.errorCode = errorCode;
    }

    public Optional<MessageId> messageId() {
        return messageId;
    }

    public SurbId surbId() {
        return surbId;
    }

    /** A copy of the reply payload. */
    public byte[] payload() {
        return payload.clone();
    }

    public int payloadLength() {
        return payload.length;
    }

    /** Thin-client error code; 0 today for every reply the daemon delivers. */
    public int errorCode() {
        return errorCode;
    }

    /** Payloads are application data: never printed. */
    @Override
    public String toString() {
        return "MessageReplyEvent[messageId=" + messageId.map(Object::toString).orElse("none") + ", surbId=" + surbId
                + ", payload=" + payload.length + " bytes, errorCode=" + errorCode + "]";
    }
}
