package org.katzenpost.thin;

/** No service with the requested capability is in the current PKI document. */
public class ServiceNotFoundException extends ThinClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, for people; never contains secrets
     */
    public ServiceNotFoundException(String message) {
        super(message);
    }
}
