package org.katzenpost.thin;

/**
 * The Sphinx packet geometry the daemon reports in its {@code connection_status_event} (docs/protocol.md#geometry).
 * Wire keys are the Go field names ({@code PacketLength}, …); keys this class does not know are ignored.
 *
 * @param packetLength total Sphinx packet length in bytes
 * @param nrHops number of hops a packet takes
 * @param headerLength Sphinx header length
 * @param routingInfoLength routing information length
 * @param perHopRoutingInfoLength routing information per hop
 * @param surbLength single-use reply block length
 * @param sphinxPlaintextHeaderLength plaintext header length
 * @param payloadTagLength payload authentication tag length
 * @param forwardPayloadLength forward payload length
 * @param userForwardPayloadLength largest payload a client may pass to {@code send_message}
 * @param nextNodeHopLength next-hop routing command length
 * @param sprpKeyMaterialLength SPRP key material length
 * @param nikeName the NIKE scheme name, or {@code ""} when a KEM is used
 * @param kemName the KEM scheme name, or {@code ""} when a NIKE is used
 */
public record SphinxGeometry(
        int packetLength,
        int nrHops,
        int headerLength,
        int routingInfoLength,
        int perHopRoutingInfoLength,
        int surbLength,
        int sphinxPlaintextHeaderLength,
        int payloadTagLength,
        int forwardPayloadLength,
        int userForwardPayloadLength,
        int nextNodeHopLength,
        int sprpKeyMaterialLength,
        String nikeName,
        String kemName) {}
