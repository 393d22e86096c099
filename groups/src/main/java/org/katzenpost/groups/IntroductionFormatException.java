package org.katzenpost.groups;

/** Bytes or text that are not a valid {@link Introduction}. The message never repeats the input. */
public class IntroductionFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message what is wrong
     */
    public IntroductionFormatException(String message) {
        super(message);
    }
}
