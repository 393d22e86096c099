package org.katzenpost.thin;

/** A configuration file or setting is invalid. */
public class ConfigurationException extends ThinClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, for people; never contains secrets
     */
    public ConfigurationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the failure that caused it.
     *
     * @param message what failed, for people; never contains secrets
     * @param cause the underlying failure, or null
     */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
