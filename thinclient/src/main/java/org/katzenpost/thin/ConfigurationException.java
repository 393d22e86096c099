package org.katzenpost.thin;

/** A configuration file or setting is invalid. */
public class ConfigurationException extends ThinClientException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
