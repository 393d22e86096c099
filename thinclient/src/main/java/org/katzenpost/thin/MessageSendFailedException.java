package org.katzenpost.thin;

/** kpclientd reported that it could not send a message into the mixnet (the sent event carried an error). */
public class MessageSendFailedException extends ThinClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, for people; never contains secrets
     */
    public MessageSendFailedException(String message) {
        super(message);
    }
}
