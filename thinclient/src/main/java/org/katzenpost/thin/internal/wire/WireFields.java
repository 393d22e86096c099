package org.katzenpost.thin.internal.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.SphinxGeometry;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborType;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.cbor.KeyTable;

/**
 * The field names shared by several message kinds and the helpers that write and read one field, checking sizes
 * and ranges (docs/protocol.md#requests and #responses). Each kind's own layout lives with its record in {@link Requests} or
 * {@link Responses}; this class only holds what they share.
 */
final class WireFields {
    private WireFields() {}

    static final String QUERY_ID = "query_id";
    static final String CLIENT_INSTANCE_TOKEN = "client_instance_token";
    static final String ID = "id";
    static final String WITH_SURB = "with_surb";
    static final String SURBID = "surbid";
    static final String DESTINATION_ID_HASH = "destination_id_hash";
    static final String RECIPIENT_QUEUE_ID = "recipient_queue_id";
    static final String PAYLOAD = "payload";
    static final String SEED = "seed";
    static final String READ_CAP = "read_cap";
    static final String WRITE_CAP = "write_cap";
    static final String MESSAGE_BOX_INDEX = "message_box_index";
    static final String PLAINTEXT = "plaintext";
    static final String REPLY_INDEX = "reply_index";
    static final String ENVELOPE_DESCRIPTOR = "envelope_descriptor";
    static final String MESSAGE_CIPHERTEXT = "message_ciphertext";
    static final String ENVELOPE_HASH = "envelope_hash";
    static final String NO_RETRY_ON_BOX_ID_NOT_FOUND = "no_retry_on_box_id_not_found";
    static final String NO_IDEMPOTENT_BOX_ALREADY_EXISTS = "no_idempotent_box_already_exists";
    static final String COURIER_IDENTITY_HASH = "courier_identity_hash";
    static final String COURIER_QUEUE_ID = "courier_queue_id";
    static final String WRITE_CAP_HASH = "write_cap_hash";
    static final String DEST_WRITE_CAP = "dest_write_cap";
    static final String DEST_START_INDEX = "dest_start_index";
    static final String IS_START = "is_start";
    static final String IS_LAST = "is_last";
    static final String DESTINATIONS = "destinations";
    static final String START_INDEX = "start_index";
    static final String BUFFER = "buffer";
    static final String MAX_COUNT = "max_count";
    static final String EPOCH = "epoch";
    static final String MESSAGE_WRITE_CAP = "message_write_cap";
    static final String DISPLAY_NAME = "display_name";
    static final String VOUCHER = "voucher";
    static final String VOUCHER_PAYLOAD = "voucher_payload";
    static final String WHO_REPLY = "who_reply";
    static final String VOUCHER_SECRET_KEY = "voucher_secret_key";
    static final String SEALED_REPLY = "sealed_reply";
    static final String APP_ID = "app_id";
    static final String RESUMED = "resumed";
    static final String IS_CONNECTED = "is_connected";
    static final String ERR = "err";
    static final String INSTANCE_TOKEN = "instance_token";
    static final String SPHINX_GEOMETRY = "sphinx_geometry";
    static final String PIGEONHOLE_GEOMETRY = "pigeonhole_geometry";
    static final String MESSAGE_ID = "message_id";
    static final String SENT_AT = "sent_at";
    static final String REPLY_ETA = "reply_eta";
    static final String ERROR_CODE = "error_code";
    static final String FIRST_MESSAGE_INDEX = "first_message_index";
    static final String NEXT_MESSAGE_BOX_INDEX = "next_message_box_index";
    static final String REPLICA_ERROR_CODE = "replica_error_code";
    static final String FAILED_ENVELOPE_INDEX = "failed_envelope_index";
    static final String COUNTER = "counter";
    static final String AUTHORITIES = "authorities";
    static final String ENVELOPES = "envelopes";
    static final String NEXT_DEST_INDEX = "next_dest_index";
    static final String NEXT_DEST_INDICES = "next_dest_indices";
    static final String VOUCHER_WRITE_CAP = "voucher_write_cap";
    static final String VOUCHER_READ_CAP = "voucher_read_cap";
    static final String VOUCHER_PUBLIC_KEY = "voucher_public_key";
    static final String MUTATED_MESSAGE_READ_CAP = "mutated_message_read_cap";
    static final String SALT = "salt";
    static final String MUTATED_MESSAGE_WRITE_CAP = "mutated_message_write_cap";

    // ---- geometry keys (Go field names) ----
    static final String G_PACKET_LENGTH = "PacketLength";
    static final String G_NR_HOPS = "NrHops";
    static final String G_HEADER_LENGTH = "HeaderLength";
    static final String G_ROUTING_INFO_LENGTH = "RoutingInfoLength";
    static final String G_PER_HOP_ROUTING_INFO_LENGTH = "PerHopRoutingInfoLength";
    static final String G_SURB_LENGTH = "SURBLength";
    static final String G_SPHINX_PLAINTEXT_HEADER_LENGTH = "SphinxPlaintextHeaderLength";
    static final String G_PAYLOAD_TAG_LENGTH = "PayloadTagLength";
    static final String G_FORWARD_PAYLOAD_LENGTH = "ForwardPayloadLength";
    static final String G_USER_FORWARD_PAYLOAD_LENGTH = "UserForwardPayloadLength";
    static final String G_NEXT_NODE_HOP_LENGTH = "NextNodeHopLength";
    static final String G_SPRP_KEY_MATERIAL_LENGTH = "SPRPKeyMaterialLength";
    static final String G_NIKE_NAME = "NIKEName";
    static final String G_KEM_NAME = "KEMName";
    static final String G_MAX_PLAINTEXT_PAYLOAD_LENGTH = "MaxPlaintextPayloadLength";
    static final String G_COURIER_QUERY_READ_LENGTH = "CourierQueryReadLength";
    static final String G_COURIER_QUERY_WRITE_LENGTH = "CourierQueryWriteLength";
    static final String G_COURIER_QUERY_REPLY_READ_LENGTH = "CourierQueryReplyReadLength";
    static final String G_COURIER_QUERY_REPLY_WRITE_LENGTH = "CourierQueryReplyWriteLength";
    static final String G_SIGNATURE_SCHEME_NAME = "SignatureSchemeName";

    static final KeyTable FIELD_KEYS = new KeyTable(
            QUERY_ID, CLIENT_INSTANCE_TOKEN, ID, WITH_SURB, SURBID, DESTINATION_ID_HASH, RECIPIENT_QUEUE_ID, PAYLOAD,
            SEED, READ_CAP, WRITE_CAP, MESSAGE_BOX_INDEX, PLAINTEXT, REPLY_INDEX, ENVELOPE_DESCRIPTOR,
            MESSAGE_CIPHERTEXT, ENVELOPE_HASH, NO_RETRY_ON_BOX_ID_NOT_FOUND, NO_IDEMPOTENT_BOX_ALREADY_EXISTS,
            COURIER_IDENTITY_HASH, COURIER_QUEUE_ID, WRITE_CAP_HASH, DEST_WRITE_CAP, DEST_START_INDEX, IS_START,
            IS_LAST, DESTINATIONS, START_INDEX, BUFFER, MAX_COUNT, EPOCH, MESSAGE_WRITE_CAP, DISPLAY_NAME, VOUCHER,
            VOUCHER_PAYLOAD, WHO_REPLY, VOUCHER_SECRET_KEY, SEALED_REPLY, APP_ID, RESUMED, IS_CONNECTED, ERR,
            INSTANCE_TOKEN, SPHINX_GEOMETRY, PIGEONHOLE_GEOMETRY, MESSAGE_ID, SENT_AT, REPLY_ETA, ERROR_CODE,
            FIRST_MESSAGE_INDEX, NEXT_MESSAGE_BOX_INDEX, REPLICA_ERROR_CODE, FAILED_ENVELOPE_INDEX, COUNTER,
            AUTHORITIES, ENVELOPES, NEXT_DEST_INDEX, NEXT_DEST_INDICES, VOUCHER_WRITE_CAP, VOUCHER_READ_CAP,
            VOUCHER_PUBLIC_KEY, MUTATED_MESSAGE_READ_CAP, SALT, MUTATED_MESSAGE_WRITE_CAP);

    static final KeyTable GEOMETRY_KEYS = new KeyTable(
            G_PACKET_LENGTH, G_NR_HOPS, G_HEADER_LENGTH, G_ROUTING_INFO_LENGTH, G_PER_HOP_ROUTING_INFO_LENGTH,
            G_SURB_LENGTH, G_SPHINX_PLAINTEXT_HEADER_LENGTH, G_PAYLOAD_TAG_LENGTH, G_FORWARD_PAYLOAD_LENGTH,
            G_USER_FORWARD_PAYLOAD_LENGTH, G_NEXT_NODE_HOP_LENGTH, G_SPRP_KEY_MATERIAL_LENGTH, G_NIKE_NAME,
            G_KEM_NAME, G_MAX_PLAINTEXT_PAYLOAD_LENGTH, G_COURIER_QUERY_READ_LENGTH, G_COURIER_QUERY_WRITE_LENGTH,
            G_COURIER_QUERY_REPLY_READ_LENGTH, G_COURIER_QUERY_REPLY_WRITE_LENGTH, G_SIGNATURE_SCHEME_NAME);

    // ---- encoding helpers ----

    static void writeQueryId(CborWriter w, byte[] v) {
        fixed(w, QUERY_ID, v, WireSizes.QUERY_ID);
    }

    static void fixed(CborWriter w, String field, byte[] v, int size) {
        if (v != null && v.length != size) {
            throw new IllegalArgumentException(field + " must be " + size + " bytes, got " + v.length);
        }
        w.text(field).bytesOrNull(v);
    }

    static void queueId(CborWriter w, String field, byte[] v) {
        if (v != null && (v.length == 0 || v.length > WireSizes.RECIPIENT_QUEUE_ID_MAX)) {
            throw new IllegalArgumentException(field + " must be 1 to " + WireSizes.RECIPIENT_QUEUE_ID_MAX
                    + " bytes, got " + v.length);
        }
        w.text(field).bytesOrNull(v);
    }

    static void bytes(CborWriter w, String field, byte[] v) {
        w.text(field).bytesOrNull(v);
    }

    static void byteList(CborWriter w, String field, List<byte[]> list, int size) {
        w.text(field);
        if (list == null) {
            w.nul();
            return;
        }
        w.arrayHeader(list.size());
        for (int i = 0; i < list.size(); i++) {
            byte[] b = list.get(i);
            if (b == null) {
                throw new IllegalArgumentException(field + "[" + i + "] is null");
            }
            if (size >= 0 && b.length != size) {
                throw new IllegalArgumentException(
                        field + "[" + i + "] must be " + size + " bytes, got " + b.length);
            }
            w.bytes(b);
        }
    }

    static void writeErrorCode(CborWriter w, int code) {
        w.text(ERROR_CODE).uint(uint8(ERROR_CODE, code));
    }

    static int uint8(String field, int v) {
        if (v < 0 || v > 255) {
            throw new IllegalArgumentException(field + " must be a uint8 (0 to 255), got " + v);
        }
        return v;
    }

    static void writeSphinx(CborWriter w, SphinxGeometry g) {
        if (g == null) {
            w.nul();
            return;
        }
        w.mapHeader(14);
        w.text(G_PACKET_LENGTH).integer(g.packetLength());
        w.text(G_NR_HOPS).integer(g.nrHops());
        w.text(G_HEADER_LENGTH).integer(g.headerLength());
        w.text(G_ROUTING_INFO_LENGTH).integer(g.routingInfoLength());
        w.text(G_PER_HOP_ROUTING_INFO_LENGTH).integer(g.perHopRoutingInfoLength());
        w.text(G_SURB_LENGTH).integer(g.surbLength());
        w.text(G_SPHINX_PLAINTEXT_HEADER_LENGTH).integer(g.sphinxPlaintextHeaderLength());
        w.text(G_PAYLOAD_TAG_LENGTH).integer(g.payloadTagLength());
        w.text(G_FORWARD_PAYLOAD_LENGTH).integer(g.forwardPayloadLength());
        w.text(G_USER_FORWARD_PAYLOAD_LENGTH).integer(g.userForwardPayloadLength());
        w.text(G_NEXT_NODE_HOP_LENGTH).integer(g.nextNodeHopLength());
        w.text(G_SPRP_KEY_MATERIAL_LENGTH).integer(g.sprpKeyMaterialLength());
        w.text(G_NIKE_NAME).textOrNull(g.nikeName());
        w.text(G_KEM_NAME).textOrNull(g.kemName());
    }

    static void writePigeonhole(CborWriter w, PigeonholeGeometry g) {
        if (g == null) {
            w.nul();
            return;
        }
        w.mapHeader(7);
        w.text(G_MAX_PLAINTEXT_PAYLOAD_LENGTH).integer(g.maxPlaintextPayloadLength());
        w.text(G_COURIER_QUERY_READ_LENGTH).integer(g.courierQueryReadLength());
        w.text(G_COURIER_QUERY_WRITE_LENGTH).integer(g.courierQueryWriteLength());
        w.text(G_COURIER_QUERY_REPLY_READ_LENGTH).integer(g.courierQueryReplyReadLength());
        w.text(G_COURIER_QUERY_REPLY_WRITE_LENGTH).integer(g.courierQueryReplyWriteLength());
        w.text(G_NIKE_NAME).textOrNull(g.nikeName());
        w.text(G_SIGNATURE_SCHEME_NAME).textOrNull(g.signatureSchemeName());
    }

    // =====================================================================================================
    // Decoding: shared
    // =====================================================================================================

    static CborReader reader(byte[] body) {
        if (body == null) {
            throw new CborException("no frame body");
        }
        return new CborReader(body);
    }

    /**
     * The next map key whose value is not null, as its canonical instance from {@code table} (or a fresh string
     * when unknown). Entries with a null value or a non-text key are consumed whole and reported as null; null
     * values cost no key lookup.
     */
    static String field(CborReader r, KeyTable table) {
        if (r.peekType() == CborType.TEXT) {
            return r.readKeyUnlessNullValue(table);
        }
        r.skip();
        r.skip();
        return null;
    }

    static byte[] fixed(CborReader r, int size, String field) {
        return r.readBytes(size, field);
    }

    static byte[] queueId(CborReader r, String field) {
        byte[] b = r.readBytes();
        if (b.length == 0 || b.length > WireSizes.RECIPIENT_QUEUE_ID_MAX) {
            throw new CborException(field + ": expected 1 to " + WireSizes.RECIPIENT_QUEUE_ID_MAX + " bytes, got "
                    + b.length);
        }
        return b;
    }

    static int uint8(CborReader r, String field) {
        long v = r.readUint64Bits();
        if (v < 0 || v > 255) {
            throw new CborException(field + ": expected a uint8, got " + Long.toUnsignedString(v));
        }
        return (int) v;
    }

    static int int32(CborReader r, String field) {
        long v = r.readInt();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new CborException(field + ": " + v + " does not fit in an int");
        }
        return (int) v;
    }

    static List<byte[]> byteList(CborReader r, int size, String field) {
        long n = r.readArrayHeader();
        List<byte[]> out = new ArrayList<>(n < 0 ? 4 : (int) Math.min(n, 256));
        for (long i = 0; r.hasNext(n, i); i++) {
            if (r.peekType() != CborType.BYTES) {
                throw new CborException(field + "[" + i + "]: expected a byte string but found " + r.peekType());
            }
            out.add(size < 0 ? r.readBytes() : r.readBytes(size, field));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Map<Object, Object>> mapList(CborReader r, String field) {
        long n = r.readArrayHeader();
        List<Map<Object, Object>> out = new ArrayList<>(n < 0 ? 4 : (int) Math.min(n, 256));
        for (long i = 0; r.hasNext(n, i); i++) {
            if (r.peekType() != CborType.MAP) {
                throw new CborException(field + "[" + i + "]: expected a map but found " + r.peekType());
            }
            out.add((Map<Object, Object>) r.readValue());
        }
        return out;
    }


    /** A variant with no fields (any entries are ignored). */
    static void emptyVariant(CborReader r) {
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            r.skip();
            r.skip();
        }
    }

    static SphinxGeometry readSphinx(CborReader r) {
        int packet = 0;
        int hops = 0;
        int header = 0;
        int routing = 0;
        int perHop = 0;
        int surb = 0;
        int plainHeader = 0;
        int tag = 0;
        int forward = 0;
        int userForward = 0;
        int nextHop = 0;
        int sprp = 0;
        String nike = null;
        String kem = null;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, GEOMETRY_KEYS);
            if (f == null) {
                continue;
            }
            switch (f) {
                case G_PACKET_LENGTH: packet = int32(r, f); break;
                case G_NR_HOPS: hops = int32(r, f); break;
                case G_HEADER_LENGTH: header = int32(r, f); break;
                case G_ROUTING_INFO_LENGTH: routing = int32(r, f); break;
                case G_PER_HOP_ROUTING_INFO_LENGTH: perHop = int32(r, f); break;
                case G_SURB_LENGTH: surb = int32(r, f); break;
                case G_SPHINX_PLAINTEXT_HEADER_LENGTH: plainHeader = int32(r, f); break;
                case G_PAYLOAD_TAG_LENGTH: tag = int32(r, f); break;
                case G_FORWARD_PAYLOAD_LENGTH: forward = int32(r, f); break;
                case G_USER_FORWARD_PAYLOAD_LENGTH: userForward = int32(r, f); break;
                case G_NEXT_NODE_HOP_LENGTH: nextHop = int32(r, f); break;
                case G_SPRP_KEY_MATERIAL_LENGTH: sprp = int32(r, f); break;
                case G_NIKE_NAME: nike = r.readText(); break;
                case G_KEM_NAME: kem = r.readText(); break;
                default: r.skip();
            }
        }
        return new SphinxGeometry(packet, hops, header, routing, perHop, surb, plainHeader, tag, forward,
                userForward, nextHop, sprp, nike, kem);
    }

    static PigeonholeGeometry readPigeonhole(CborReader r) {
        int maxPlain = 0;
        int qRead = 0;
        int qWrite = 0;
        int qReplyRead = 0;
        int qReplyWrite = 0;
        String nike = null;
        String sig = null;
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String f = field(r, GEOMETRY_KEYS);
            if (f == null) {
                continue;
            }
            switch (f) {
                case G_MAX_PLAINTEXT_PAYLOAD_LENGTH: maxPlain = int32(r, f); break;
                case G_COURIER_QUERY_READ_LENGTH: qRead = int32(r, f); break;
                case G_COURIER_QUERY_WRITE_LENGTH: qWrite = int32(r, f); break;
                case G_COURIER_QUERY_REPLY_READ_LENGTH: qReplyRead = int32(r, f); break;
                case G_COURIER_QUERY_REPLY_WRITE_LENGTH: qReplyWrite = int32(r, f); break;
                case G_NIKE_NAME: nike = r.readText(); break;
                case G_SIGNATURE_SCHEME_NAME: sig = r.readText(); break;
                default: r.skip();
            }
        }
        return new PigeonholeGeometry(maxPlain, qRead, qWrite, qReplyRead, qReplyWrite, nike, sig);
    }

    /** {@link #field(CborReader, KeyTable)} with the table of message fields. */
    static String field(CborReader r) {
        return field(r, FIELD_KEYS);
    }

    static int len(byte[] b) {
        return b == null ? 0 : b.length;
    }
}
