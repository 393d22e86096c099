package org.katzenpost.thin.internal.wire;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.SphinxGeometry;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborType;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.cbor.KeyTable;

/**
 * The field names of every message kind and the helpers that write and read one field, checking sizes and ranges
 * (docs/protocol.md#requests and #responses), plus the variant-map decoding both directions share. Each kind's own
 * layout lives with its record in {@link Requests}, {@link Responses} or a Pigeonhole area file such as
 * {@link BoxMessages} (the client's half) and in the testkit's
 * {@code RequestDecoder} / {@code ResponseEncoder} (the daemon's half); this class only holds what they share.
 */
public final class WireFields {
    private WireFields() {}

    public static final String QUERY_ID = "query_id";
    public static final String CLIENT_INSTANCE_TOKEN = "client_instance_token";
    public static final String ID = "id";
    public static final String WITH_SURB = "with_surb";
    public static final String SURBID = "surbid";
    public static final String DESTINATION_ID_HASH = "destination_id_hash";
    public static final String RECIPIENT_QUEUE_ID = "recipient_queue_id";
    public static final String PAYLOAD = "payload";
    public static final String SEED = "seed";
    public static final String READ_CAP = "read_cap";
    public static final String WRITE_CAP = "write_cap";
    public static final String MESSAGE_BOX_INDEX = "message_box_index";
    public static final String PLAINTEXT = "plaintext";
    public static final String REPLY_INDEX = "reply_index";
    public static final String ENVELOPE_DESCRIPTOR = "envelope_descriptor";
    public static final String MESSAGE_CIPHERTEXT = "message_ciphertext";
    public static final String ENVELOPE_HASH = "envelope_hash";
    public static final String NO_RETRY_ON_BOX_ID_NOT_FOUND = "no_retry_on_box_id_not_found";
    public static final String NO_IDEMPOTENT_BOX_ALREADY_EXISTS = "no_idempotent_box_already_exists";
    public static final String COURIER_IDENTITY_HASH = "courier_identity_hash";
    public static final String COURIER_QUEUE_ID = "courier_queue_id";
    public static final String WRITE_CAP_HASH = "write_cap_hash";
    public static final String DEST_WRITE_CAP = "dest_write_cap";
    public static final String DEST_START_INDEX = "dest_start_index";
    public static final String IS_START = "is_start";
    public static final String IS_LAST = "is_last";
    public static final String DESTINATIONS = "destinations";
    public static final String START_INDEX = "start_index";
    public static final String BUFFER = "buffer";
    public static final String MAX_COUNT = "max_count";
    public static final String EPOCH = "epoch";
    public static final String MESSAGE_WRITE_CAP = "message_write_cap";
    public static final String DISPLAY_NAME = "display_name";
    public static final String VOUCHER = "voucher";
    public static final String VOUCHER_PAYLOAD = "voucher_payload";
    public static final String WHO_REPLY = "who_reply";
    public static final String VOUCHER_SECRET_KEY = "voucher_secret_key";
    public static final String SEALED_REPLY = "sealed_reply";
    public static final String APP_ID = "app_id";
    public static final String RESUMED = "resumed";
    public static final String IS_CONNECTED = "is_connected";
    public static final String ERR = "err";
    public static final String INSTANCE_TOKEN = "instance_token";
    public static final String SPHINX_GEOMETRY = "sphinx_geometry";
    public static final String PIGEONHOLE_GEOMETRY = "pigeonhole_geometry";
    public static final String MESSAGE_ID = "message_id";
    public static final String SENT_AT = "sent_at";
    public static final String REPLY_ETA = "reply_eta";
    public static final String ERROR_CODE = "error_code";
    public static final String FIRST_MESSAGE_INDEX = "first_message_index";
    public static final String NEXT_MESSAGE_BOX_INDEX = "next_message_box_index";
    public static final String REPLICA_ERROR_CODE = "replica_error_code";
    public static final String FAILED_ENVELOPE_INDEX = "failed_envelope_index";
    public static final String COUNTER = "counter";
    public static final String AUTHORITIES = "authorities";
    public static final String ENVELOPES = "envelopes";
    public static final String NEXT_DEST_INDEX = "next_dest_index";
    public static final String NEXT_DEST_INDICES = "next_dest_indices";
    public static final String VOUCHER_WRITE_CAP = "voucher_write_cap";
    public static final String VOUCHER_READ_CAP = "voucher_read_cap";
    public static final String VOUCHER_PUBLIC_KEY = "voucher_public_key";
    public static final String MUTATED_MESSAGE_READ_CAP = "mutated_message_read_cap";
    public static final String SALT = "salt";
    public static final String MUTATED_MESSAGE_WRITE_CAP = "mutated_message_write_cap";

    // ---- geometry keys (Go field names) ----
    public static final String G_PACKET_LENGTH = "PacketLength";
    public static final String G_NR_HOPS = "NrHops";
    public static final String G_HEADER_LENGTH = "HeaderLength";
    public static final String G_ROUTING_INFO_LENGTH = "RoutingInfoLength";
    public static final String G_PER_HOP_ROUTING_INFO_LENGTH = "PerHopRoutingInfoLength";
    public static final String G_SURB_LENGTH = "SURBLength";
    public static final String G_SPHINX_PLAINTEXT_HEADER_LENGTH = "SphinxPlaintextHeaderLength";
    public static final String G_PAYLOAD_TAG_LENGTH = "PayloadTagLength";
    public static final String G_FORWARD_PAYLOAD_LENGTH = "ForwardPayloadLength";
    public static final String G_USER_FORWARD_PAYLOAD_LENGTH = "UserForwardPayloadLength";
    public static final String G_NEXT_NODE_HOP_LENGTH = "NextNodeHopLength";
    public static final String G_SPRP_KEY_MATERIAL_LENGTH = "SPRPKeyMaterialLength";
    public static final String G_NIKE_NAME = "NIKEName";
    public static final String G_KEM_NAME = "KEMName";
    public static final String G_MAX_PLAINTEXT_PAYLOAD_LENGTH = "MaxPlaintextPayloadLength";
    public static final String G_COURIER_QUERY_READ_LENGTH = "CourierQueryReadLength";
    public static final String G_COURIER_QUERY_WRITE_LENGTH = "CourierQueryWriteLength";
    public static final String G_COURIER_QUERY_REPLY_READ_LENGTH = "CourierQueryReplyReadLength";
    public static final String G_COURIER_QUERY_REPLY_WRITE_LENGTH = "CourierQueryReplyWriteLength";
    public static final String G_SIGNATURE_SCHEME_NAME = "SignatureSchemeName";

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

    public static void writeQueryId(CborWriter w, byte[] v) {
        fixed(w, QUERY_ID, v, WireSizes.QUERY_ID);
    }

    public static void fixed(CborWriter w, String field, byte[] v, int size) {
        if (v != null && v.length != size) {
            throw new IllegalArgumentException(field + " must be " + size + " bytes, got " + v.length);
        }
        w.text(field).bytesOrNull(v);
    }

    public static void queueId(CborWriter w, String field, byte[] v) {
        if (v != null && (v.length == 0 || v.length > WireSizes.RECIPIENT_QUEUE_ID_MAX)) {
            throw new IllegalArgumentException(field + " must be 1 to " + WireSizes.RECIPIENT_QUEUE_ID_MAX
                    + " bytes, got " + v.length);
        }
        w.text(field).bytesOrNull(v);
    }

    public static void bytes(CborWriter w, String field, byte[] v) {
        w.text(field).bytesOrNull(v);
    }

    public static int uint8(String field, int v) {
        if (v < 0 || v > 255) {
            throw new IllegalArgumentException(field + " must be a uint8 (0 to 255), got " + v);
        }
        return v;
    }

    // ---- decoding helpers ----

    /**
     * The names of one variant's non-null fields, for a for-each loop that reads (or {@link CborReader#skip() skips})
     * each field's value from the same reader before asking for the next name:
     *
     * <pre>{@code
     * for (String f : fields(r)) {
     *     switch (f) {
     *         case QUERY_ID -> queryId = readQueryId(r);
     *         default -> r.skip();
     *     }
     * }
     * }</pre>
     *
     * Reads the map header at once; null fields and non-text keys are consumed here and never seen. One pass only.
     */
    public static Iterable<String> fields(CborReader r) {
        return new FieldNames(r, FIELD_KEYS);
    }

    static Iterable<String> fields(CborReader r, KeyTable names) {
        return new FieldNames(r, names);
    }

    /** The cursor behind {@link #fields}: its own iterator, walking the map as the loop consumes it. */
    private static final class FieldNames implements Iterable<String>, Iterator<String> {
        private final CborReader r;
        private final KeyTable names;
        private final long n;
        private long i;
        private String next;

        FieldNames(CborReader r, KeyTable names) {
            this.r = r;
            this.names = names;
            this.n = r.readMapHeader();
        }

        @Override
        public Iterator<String> iterator() {
            return this;
        }

        @Override
        public boolean hasNext() {
            while (next == null && r.hasNext(n, i)) {
                i++;
                next = field(r, names);
            }
            return next != null;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String f = next;
            next = null;
            return f;
        }
    }

    /** What to do with the value of a known variant key: decode it, or return null, consuming nothing. */
    @FunctionalInterface
    public interface VariantReader<T> {
        T read(String key, CborReader r);
    }

    /**
     * The variant of a request or response map: the one key whose value is not null (docs/protocol.md#cbor). A key
     * {@code known} does not take becomes {@code unknown} when no known variant is present; two known variants are
     * an error.
     *
     * @throws CborException on malformed CBOR, trailing bytes, no variant, or two known variants
     */
    public static <T> T decodeVariant(CborReader r, KeyTable keys, String kind, VariantReader<T> known,
            BiFunction<String, Object, T> unknown) {
        long n = r.readMapHeader();
        T found = null;
        String foundKey = null;
        String unknownKey = null;
        Object unknownValue = null;
        for (long i = 0; r.hasNext(n, i); i++) {
            String k = field(r, keys);
            if (k == null) {
                continue;
            }
            T v = known.read(k, r);
            if (v == null) {
                if (unknownKey == null) {
                    unknownKey = k;
                    unknownValue = r.readValue();
                } else {
                    r.skip();
                }
                continue;
            }
            if (found != null) {
                throw new CborException("two " + kind + " variants in one frame: " + foundKey + " and " + k);
            }
            found = v;
            foundKey = k;
        }
        r.expectEnd();
        if (found != null) {
            return found;
        }
        if (unknownKey != null) {
            return unknown.apply(unknownKey, unknownValue);
        }
        throw new CborException(kind + " frame has no non-null variant");
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

    public static byte[] fixed(CborReader r, int size, String field) {
        return r.readBytes(size, field);
    }

    public static byte[] readQueryId(CborReader r) {
        return r.readBytes(WireSizes.QUERY_ID, QUERY_ID);
    }

    public static int readErrorCode(CborReader r) {
        return uint8(r, ERROR_CODE);
    }

    public static int uint8(CborReader r, String field) {
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
    public static void emptyVariant(CborReader r) {
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
        for (String f : fields(r, GEOMETRY_KEYS)) {
            switch (f) {
                case G_PACKET_LENGTH -> packet = int32(r, f);
                case G_NR_HOPS -> hops = int32(r, f);
                case G_HEADER_LENGTH -> header = int32(r, f);
                case G_ROUTING_INFO_LENGTH -> routing = int32(r, f);
                case G_PER_HOP_ROUTING_INFO_LENGTH -> perHop = int32(r, f);
                case G_SURB_LENGTH -> surb = int32(r, f);
                case G_SPHINX_PLAINTEXT_HEADER_LENGTH -> plainHeader = int32(r, f);
                case G_PAYLOAD_TAG_LENGTH -> tag = int32(r, f);
                case G_FORWARD_PAYLOAD_LENGTH -> forward = int32(r, f);
                case G_USER_FORWARD_PAYLOAD_LENGTH -> userForward = int32(r, f);
                case G_NEXT_NODE_HOP_LENGTH -> nextHop = int32(r, f);
                case G_SPRP_KEY_MATERIAL_LENGTH -> sprp = int32(r, f);
                case G_NIKE_NAME -> nike = r.readText();
                case G_KEM_NAME -> kem = r.readText();
                default -> r.skip();
            }
        }
        return new SphinxGeometry(packet, hops, header, routing, perHop, surb, plainHeader, tag,
                forward, userForward, nextHop, sprp, nike, kem);
    }

    static PigeonholeGeometry readPigeonhole(CborReader r) {
        int maxPlain = 0;
        int qRead = 0;
        int qWrite = 0;
        int qReplyRead = 0;
        int qReplyWrite = 0;
        String nike = null;
        String sig = null;
        for (String f : fields(r, GEOMETRY_KEYS)) {
            switch (f) {
                case G_MAX_PLAINTEXT_PAYLOAD_LENGTH -> maxPlain = int32(r, f);
                case G_COURIER_QUERY_READ_LENGTH -> qRead = int32(r, f);
                case G_COURIER_QUERY_WRITE_LENGTH -> qWrite = int32(r, f);
                case G_COURIER_QUERY_REPLY_READ_LENGTH -> qReplyRead = int32(r, f);
                case G_COURIER_QUERY_REPLY_WRITE_LENGTH -> qReplyWrite = int32(r, f);
                case G_NIKE_NAME -> nike = r.readText();
                case G_SIGNATURE_SCHEME_NAME -> sig = r.readText();
                default -> r.skip();
            }
        }
        return new PigeonholeGeometry(maxPlain, qRead, qWrite, qReplyRead, qReplyWrite, nike, sig);
    }

    static int len(byte[] b) {
        return b == null ? 0 : b.length;
    }
}
