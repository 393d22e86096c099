package org.katzenpost.thin;

/** No service with the requested capability is in the current PKI document. */
public class ServiceNotFoundException extends ThinClientException {
    private static final long serialVersionUID = 1L;

    public ServiceNotFoundException(String message) {
        super(message);
    }
}
