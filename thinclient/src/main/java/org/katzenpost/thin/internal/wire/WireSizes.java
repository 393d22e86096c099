package org.katzenpost.thin.internal.wire;

/**
 * Fixed sizes of identifiers and blobs on the thin-client wire (docs/protocol.md#sizes). The BACAP sizes were
 * confirmed against kpclientd v0.0.99 captures (see the fixture tests).
 */
public final class WireSizes {
    /** {@code query_id}. */
    public static final int QUERY_ID = 16;
    /** {@code surbid}. */
    public static final int SURB_ID = 16;
    /** {@code send_message.id} / {@code message_id}. */
    public static final int MESSAGE_ID = 16;
    /** {@code client_instance_token}, {@code instance_token}, {@code app_id}. */
    public static final int TOKEN = 16;
    /** BLAKE2b-256 hashes: {@code destination_id_hash}, {@code envelope_hash}, {@code write_cap_hash}, … */
    public static final int HASH = 32;
    /** Serialised BACAP WriteCap. */
    public static final int WRITE_CAP = 168;
    /** Serialised BACAP ReadCap. */
    public static final int READ_CAP = 136;
    /** Serialised BACAP MessageBoxIndex. */
    public static final int MESSAGE_BOX_INDEX = 104;
    /** Largest {@code recipient_queue_id} / {@code courier_queue_id} (RecipientIDLength). */
    public static final int RECIPIENT_QUEUE_ID_MAX = 32;
    /** A contact voucher. */
    public static final int VOUCHER = 32;
    /** A voucher salt. */
    public static final int SALT = 32;
    /** Largest {@code max_count} (Go uint32). */
    public static final long MAX_COUNT_MAX = 0xFFFF_FFFFL;

    private WireSizes() {}
}
