package org.katzenpost.thin;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Where a mixnet message goes: the service node, named by the BLAKE2b-256 hash of its identity key
 * ({@code destination_id_hash}, 32 bytes), and the queue at that node ({@code recipient_queue_id}: the UTF-8
 * bytes of the service's {@code endpoint}, 1 to 32 bytes).
 *
 * <p>Immutable: arrays are copied in and out. Equality is by value. Neither part is secret. Usually taken
 * from a PKI document with {@link org.katzenpost.thin.pki.ServiceDescriptor#toDestination()}
 * (docs/protocol.md#service-discovery).
 *
 * @param nodeIdHash BLAKE2b-256 hash of the service node's identity key, {@value #NODE_ID_HASH_LENGTH} bytes
 * @param queueId the recipient queue at that node, 1 to {@value #MAX_QUEUE_ID_LENGTH} bytes
 */
public record Destination(byte[] nodeIdHash, byte[] queueId) {
    /** Length of {@link #nodeIdHash()} in bytes: {@value}. */
    public static final int NODE_ID_HASH_LENGTH = 32;
    /** Longest queue id the daemon accepts ({@code RecipientIDLength}), in bytes: {@value}. */
    public static final int MAX_QUEUE_ID_LENGTH = 32;

    /**
     * Validates and copies both arrays.
     *
     * @param nodeIdHash {@value #NODE_ID_HASH_LENGTH} bytes; copied
     * @param queueId 1 to {@value #MAX_QUEUE_ID_LENGTH} bytes; copied
     * @throws NullPointerException if either array is null
     * @throws IllegalArgumentException if the hash is not 32 bytes or the queue id is not 1..32 bytes
     */
    public Destination {
        Objects.requireNonNull(nodeIdHash, "nodeIdHash");
        Objects.requireNonNull(queueId, "queueId");
        if (nodeIdHash.length != NODE_ID_HASH_LENGTH) {
            throw new IllegalArgumentException(
                    "nodeIdHash must be " + NODE_ID_HASH_LENGTH + " bytes, got " + nodeIdHash.length);
        }
        if (queueId.length < 1 || queueId.length > MAX_QUEUE_ID_LENGTH) {
            throw new IllegalArgumentException(
                    "queueId must be 1.." + MAX_QUEUE_ID_LENGTH + " bytes, got " + queueId.length);
        }
        nodeIdHash = nodeIdHash.clone();
        queueId = queueId.clone();
    }

    /**
     * A destination whose queue id is the UTF-8 encoding of a service's {@code endpoint}.
     *
     * @param nodeIdHash {@value #NODE_ID_HASH_LENGTH} bytes; copied
     * @param endpoint the service's endpoint name, 1 to {@value #MAX_QUEUE_ID_LENGTH} UTF-8 bytes
     * @return the destination
     * @throws NullPointerException if either argument is null
     * @throws IllegalArgumentException if the hash is not 32 bytes or the endpoint's encoding is not 1..32 bytes
     */
    public static Destination of(byte[] nodeIdHash, String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        return new Destination(nodeIdHash, endpoint.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The service node's identity-key hash.
     *
     * @return a fresh copy of the {@value #NODE_ID_HASH_LENGTH} bytes
     */
    @Override
    public byte[] nodeIdHash() {
        return nodeIdHash.clone();
    }

    /**
     * The recipient queue id.
     *
     * @return a fresh copy of the 1 to {@value #MAX_QUEUE_ID_LENGTH} bytes
     */
    @Override
    public byte[] queueId() {
        return queueId.clone();
    }

    /**
     * The queue id as text.
     *
     * @return the decoded text when the queue id is valid UTF-8 (it always is for ids taken from a PKI
     *         document), else empty
     */
    public java.util.Optional<String> queueIdText() {
        try {
            return java.util.Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(queueId))
                    .toString());
        } catch (CharacterCodingException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Destination d
                && Arrays.equals(nodeIdHash, d.nodeIdHash)
                && Arrays.equals(queueId, d.queueId);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(nodeIdHash) + Arrays.hashCode(queueId);
    }

    @Override
    public String toString() {
        String q = queueIdText()
                .filter(s -> s.chars().allMatch(c -> c >= 0x20 && c < 0x7F))
                .map(s -> "\"" + s + "\"")
                .orElseGet(() -> "h'" + HexFormat.of().formatHex(queueId) + "'");
        return "Destination[node=" + HexFormat.of().formatHex(nodeIdHash, 0, 8) + "…, queue=" + q + "]";
    }
}
