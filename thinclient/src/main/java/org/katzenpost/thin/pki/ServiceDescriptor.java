package org.katzenpost.thin.pki;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.katzenpost.thin.Destination;
import org.katzenpost.thin.ProtocolViolationException;

/**
 * One service found in the PKI document: a capability (e.g. {@code "echo"}, {@code "courier"}) offered at
 * {@code endpoint} by the service node {@code node} (docs/protocol.md#service-discovery).
 *
 * @param capability the capability name, for example {@code "echo"}
 * @param endpoint the queue name at the node (its UTF-8 bytes are the recipient queue id), for example
 *        {@code "+echo"}
 * @param node the service node that offers it
 */
public record ServiceDescriptor(String capability, String endpoint, MixDescriptor node) {
    /**
     * Checks that no part is null.
     *
     * @param capability the capability name
     * @param endpoint the queue name at the node
     * @param node the service node
     * @throws NullPointerException if any argument is null
     */
    public ServiceDescriptor {
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(node, "node");
    }

    /**
     * Whether {@link #toDestination()} will succeed.
     *
     * @return true when the endpoint's UTF-8 form is 1..32 bytes
     */
    public boolean hasValidEndpoint() {
        int n = endpoint.getBytes(StandardCharsets.UTF_8).length;
        return n >= 1 && n <= Destination.MAX_QUEUE_ID_LENGTH;
    }

    /**
     * The address to send to: BLAKE2b-256 of the node's identity key, and the endpoint's UTF-8 bytes
     * (docs/protocol.md#service-discovery).
     *
     * @return the destination
     * @throws ProtocolViolationException when the document gave an endpoint that is empty or longer than 32 bytes,
     *        which the daemon would reject
     */
    public Destination toDestination() {
        if (!hasValidEndpoint()) {
            throw new ProtocolViolationException("service '" + capability + "' on node '" + node.name()
                    + "' has an endpoint of " + endpoint.getBytes(StandardCharsets.UTF_8).length
                    + " bytes; a queue id must be 1.." + Destination.MAX_QUEUE_ID_LENGTH + " bytes");
        }
        return Destination.of(node.identityKeyHash(), endpoint);
    }

    @Override
    public String toString() {
        return "ServiceDescriptor[" + capability + " at \"" + endpoint + "\" on " + node.name() + "]";
    }
}
