package org.katzenpost.thin.stats;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The kinds of daemon call whose statistics a client keeps (see {@link ClientStatistics}): one constant per
 * request of docs/protocol.md that the daemon answers, named after its wire name ({@code get_pki_document} is
 * {@link #GET_PKI_DOCUMENT}). {@code session_token} and {@code thin_close} belong to connecting and closing and
 * are not calls.
 */
public enum RequestKind {
    /** {@code send_message} with a SURB, from sending to the reply ({@code ThinClient.sendMessage}). */
    SEND_MESSAGE,
    /** {@code new_keypair}. */
    NEW_KEYPAIR,
    /** {@code encrypt_read}. */
    ENCRYPT_READ,
    /** {@code encrypt_write}. */
    ENCRYPT_WRITE,
    /** {@code start_resending_encrypted_message}: its latency includes the whole mixnet round trip. */
    START_RESENDING_ENCRYPTED_MESSAGE,
    /** {@code cancel_resending_encrypted_message}. */
    CANCEL_RESENDING_ENCRYPTED_MESSAGE,
    /** {@code start_resending_copy_command}: its latency includes the courier's whole copy. */
    START_RESENDING_COPY_COMMAND,
    /** {@code cancel_resending_copy_command}. */
    CANCEL_RESENDING_COPY_COMMAND,
    /** {@code next_message_box_index}. */
    NEXT_MESSAGE_BOX_INDEX,
    /** {@code get_message_box_index_counter}. */
    GET_MESSAGE_BOX_INDEX_COUNTER,
    /** {@code create_courier_envelopes_from_payload}. */
    CREATE_COURIER_ENVELOPES_FROM_PAYLOAD,
    /** {@code create_courier_envelopes_from_multi_payload}. */
    CREATE_COURIER_ENVELOPES_FROM_MULTI_PAYLOAD,
    /** {@code create_courier_envelopes_from_tombstone_range}. */
    CREATE_COURIER_ENVELOPES_FROM_TOMBSTONE_RANGE,
    /** {@code get_pki_document}. */
    GET_PKI_DOCUMENT,
    /** {@code get_directory_authorities}. */
    GET_DIRECTORY_AUTHORITIES,
    /** {@code voucher_mint}. */
    VOUCHER_MINT,
    /** {@code voucher_induct}. */
    VOUCHER_INDUCT,
    /** {@code voucher_open}. */
    VOUCHER_OPEN,
    /** {@code voucher_derive_stream}. */
    VOUCHER_DERIVE_STREAM,
    /** A request this version of the enum does not name (the library's own calls are all named above). */
    OTHER;

    private static final Map<String, RequestKind> BY_WIRE_NAME = new HashMap<>();

    static {
        for (RequestKind k : values()) {
            if (k != OTHER) {
                BY_WIRE_NAME.put(k.wireName(), k);
            }
        }
    }

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /**
     * The request's name on the wire.
     *
     * @return for instance {@code "get_pki_document"}; {@code "other"} for {@link #OTHER}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * The kind of a request by its wire name.
     *
     * @param wireName the request's name on the wire, for instance {@code "encrypt_write"}
     * @return its kind, or {@link #OTHER} when the name is not one of the constants above (or is null)
     */
    public static RequestKind fromWireName(String wireName) {
        RequestKind k = wireName == null ? null : BY_WIRE_NAME.get(wireName);
        return k == null ? OTHER : k;
    }
}
