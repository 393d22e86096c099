package org.katzenpost.thin;

/**
 * The Pigeonhole geometry the daemon reports in its {@code connection_status_event} (docs/protocol.md#geometry),
 * derived by the daemon from its Sphinx geometry and the replica NIKE scheme. Keys this class does not know
 * are ignored.
 *
 * @param maxPlaintextPayloadLength largest {@code encrypt_write} plaintext, in bytes
 * @param courierQueryReadLength length of an encoded courier read query
 * @param courierQueryWriteLength length of an encoded courier write query
 * @param courierQueryReplyReadLength length of a courier reply to a read
 * @param courierQueryReplyWriteLength length of a courier reply to a write
 * @param nikeName the replica MKEM NIKE scheme, e.g. {@code CTIDH1024-X25519}
 * @param signatureSchemeName the BACAP signature scheme, e.g. {@code Ed25519}
 */
public record PigeonholeGeometry(
        int maxPlaintextPayloadLength,
        int courierQueryReadLength,
        int courierQueryWriteLength,
        int courierQueryReplyReadLength,
        int courierQueryReplyWriteLength,
        String nikeName,
        String signatureSchemeName) {}
