package org.katzenpost.thin.pigeonhole;

import org.katzenpost.thin.ThinClientException;

/**
 * A {@link ChannelReader} found a box that is not part of a well-formed channel message: an unknown frame
 * version, a length over the reader's limit, more bytes than the header announced, or a tombstone in the middle
 * of a message. The reader has moved past the bad box, so the next {@code receive} continues after it.
 */
public class ChannelFormatException extends ThinClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong with the box; never contains its content
     */
    public ChannelFormatException(String message) {
        super(message);
    }
}
