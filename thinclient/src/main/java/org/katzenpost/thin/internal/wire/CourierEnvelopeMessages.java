package org.katzenpost.thin.internal.wire;

import static org.katzenpost.thin.internal.wire.WireFields.*;
import java.util.List;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.wire.Requests.PigeonholeRequest;
import org.katzenpost.thin.internal.wire.Responses.PigeonholeReply;
import org.katzenpost.thin.internal.wire.Responses.Response;

/**
 * The wire schema of the courier-envelope calls (docs/protocol.md#copy-commands): cutting payloads and tombstone ranges
 * into courier envelopes for a copy stream. Each kind's request and reply sit side by side: the request's key and how
 * the client writes it ({@code writeBody}), the reply's key and how the client reads it ({@code decode}, with its case
 * in this area's {@code decode} switch and its key in {@link #REPLY_KEYS}, this area's part of the reply registry that
 * {@link Responses} consults): the client's half of a new kind of this area is written here alone
 * (docs/protocol.md#adding-a-kind). The conventions of {@link Requests} and {@link Responses} hold here.
 */
public final class CourierEnvelopeMessages {
    private CourierEnvelopeMessages() {}

    /** A request of this area. */
    public sealed interface CourierEnvelopeRequest extends PigeonholeRequest {}

    /** A reply of this area. */
    public sealed interface CourierEnvelopeReply extends PigeonholeReply {}

    /** This area's reply keys, for {@link Responses#KEYS}; each has its case in {@link #decode}. */
    static final List<String> REPLY_KEYS = List.of(
            CreateCourierEnvelopesFromPayloadReply.KEY,
            CreateCourierEnvelopesFromMultiPayloadReply.KEY,
            CreateCourierEnvelopesFromTombstoneRangeReply.KEY);

    /**
     * This area's part of the reply registry: reads the value of one of its reply keys, or returns null, consuming
     * nothing, for another key. A switch rather than a table of method references: each reference would spin a class
     * of its own when a client first connects (docs/performance.md, "The first call, cold JVM").
     */
    static Response decode(String key, CborReader r) {
        return switch (key) {
            case CreateCourierEnvelopesFromPayloadReply.KEY -> CreateCourierEnvelopesFromPayloadReply.decode(r);
            case CreateCourierEnvelopesFromMultiPayloadReply.KEY ->
                    CreateCourierEnvelopesFromMultiPayloadReply.decode(r);
            case CreateCourierEnvelopesFromTombstoneRangeReply.KEY ->
                    CreateCourierEnvelopesFromTombstoneRangeReply.decode(r);
            default -> null;
        };
    }

    /** Cut a payload into courier envelopes for a copy stream. */
    public record CreateCourierEnvelopesFromPayload(byte[] queryId, byte[] payload, byte[] destWriteCap,
            byte[] destStartIndex, boolean isStart, boolean isLast) implements CourierEnvelopeRequest {
        public static final String KEY = "create_courier_envelopes_from_payload";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public int payloadSize() {
            return len(payload);
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(6);
            writeQueryId(w, queryId);
            bytes(w, PAYLOAD, payload);
            fixed(w, DEST_WRITE_CAP, destWriteCap, WireSizes.WRITE_CAP);
            fixed(w, DEST_START_INDEX, destStartIndex, WireSizes.MESSAGE_BOX_INDEX);
            w.text(IS_START).bool(isStart);
            w.text(IS_LAST).bool(isLast);
        }
    }

    /** The envelopes of one payload, and the destination index after them. */
    public record CreateCourierEnvelopesFromPayloadReply(byte[] queryId, List<byte[]> envelopes,
            byte[] nextDestIndex, int errorCode) implements CourierEnvelopeReply {
        public static final String KEY = "create_courier_envelopes_from_payload_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        static CreateCourierEnvelopesFromPayloadReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] next = null;
            List<byte[]> envelopes = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case ENVELOPES -> envelopes = byteList(r, -1, ENVELOPES);
                    case NEXT_DEST_INDEX -> next = fixed(r, WireSizes.MESSAGE_BOX_INDEX, NEXT_DEST_INDEX);
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
                }
            }
            return new CreateCourierEnvelopesFromPayloadReply(queryId, envelopes, next, errorCode);
        }
    }

    /** Wire key {@code create_courier_envelopes_from_multi_payload} (Go: CreateCourierEnvelopesFromPayloads). */
    public record CreateCourierEnvelopesFromMultiPayload(byte[] queryId, List<EnvelopeDestination> destinations,
            boolean isStart, boolean isLast, byte[] buffer) implements CourierEnvelopeRequest {
        public static final String KEY = "create_courier_envelopes_from_multi_payload";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public int payloadSize() {
            long n = len(buffer);
            if (destinations != null) {
                for (EnvelopeDestination d : destinations) {
                    n += d == null ? 0 : len(d.payload()) + 300;
                }
            }
            return (int) Math.min(n, Frames.MAX_FRAME_LENGTH);
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(5);
            writeQueryId(w, queryId);
            w.text(DESTINATIONS);
            if (destinations == null) {
                w.nul();
            } else {
                w.arrayHeader(destinations.size());
                for (EnvelopeDestination d : destinations) {
                    if (d == null) {
                        w.nul();
                        continue;
                    }
                    w.mapHeader(3);
                    bytes(w, PAYLOAD, d.payload());
                    fixed(w, WRITE_CAP, d.writeCap(), WireSizes.WRITE_CAP);
                    fixed(w, START_INDEX, d.startIndex(), WireSizes.MESSAGE_BOX_INDEX);
                }
            }
            w.text(IS_START).bool(isStart);
            w.text(IS_LAST).bool(isLast);
            bytes(w, BUFFER, buffer);
        }

        /** One element of {@code destinations}: {@code {payload, write_cap, start_index}}. */
        public record EnvelopeDestination(byte[] payload, byte[] writeCap, byte[] startIndex) {}
    }

    /** The envelopes of several payloads, the residue to carry to the next call, and each destination's next index. */
    public record CreateCourierEnvelopesFromMultiPayloadReply(byte[] queryId, List<byte[]> envelopes, byte[] buffer,
            List<byte[]> nextDestIndices, int errorCode) implements CourierEnvelopeReply {
        public static final String KEY = "create_courier_envelopes_from_multi_payload_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        static CreateCourierEnvelopesFromMultiPayloadReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] buffer = null;
            List<byte[]> envelopes = null;
            List<byte[]> nextIndices = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case ENVELOPES -> envelopes = byteList(r, -1, ENVELOPES);
                    case BUFFER -> buffer = r.readBytes();
                    case NEXT_DEST_INDICES -> nextIndices = byteList(r, WireSizes.MESSAGE_BOX_INDEX,
                            NEXT_DEST_INDICES);
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
                }
            }
            return new CreateCourierEnvelopesFromMultiPayloadReply(queryId, envelopes, buffer, nextIndices,
                    errorCode);
        }
    }

    /** {@code maxCount} is a Go uint32 (0 … 2^32-1). */
    public record CreateCourierEnvelopesFromTombstoneRange(byte[] queryId, byte[] destWriteCap,
            byte[] destStartIndex, long maxCount, boolean isStart, boolean isLast, byte[] buffer)
            implements CourierEnvelopeRequest {
        public static final String KEY = "create_courier_envelopes_from_tombstone_range";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public int payloadSize() {
            return len(buffer);
        }

        @Override
        public void writeBody(CborWriter w) {
            if (maxCount < 0 || maxCount > WireSizes.MAX_COUNT_MAX) {
                throw new IllegalArgumentException(MAX_COUNT + " must be a uint32, got " + maxCount);
            }
            w.mapHeader(7);
            writeQueryId(w, queryId);
            fixed(w, DEST_WRITE_CAP, destWriteCap, WireSizes.WRITE_CAP);
            fixed(w, DEST_START_INDEX, destStartIndex, WireSizes.MESSAGE_BOX_INDEX);
            w.text(MAX_COUNT).uint(maxCount);
            w.text(IS_START).bool(isStart);
            w.text(IS_LAST).bool(isLast);
            bytes(w, BUFFER, buffer);
        }
    }

    /** The tombstone envelopes of a range, the residue to carry, and the destination index after them. */
    public record CreateCourierEnvelopesFromTombstoneRangeReply(byte[] queryId, List<byte[]> envelopes, byte[] buffer,
            byte[] nextDestIndex, int errorCode) implements CourierEnvelopeReply {
        public static final String KEY = "create_courier_envelopes_from_tombstone_range_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        static CreateCourierEnvelopesFromTombstoneRangeReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] buffer = null;
            byte[] next = null;
            List<byte[]> envelopes = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case ENVELOPES -> envelopes = byteList(r, -1, ENVELOPES);
                    case BUFFER -> buffer = r.readBytes();
                    case NEXT_DEST_INDEX -> next = fixed(r, WireSizes.MESSAGE_BOX_INDEX, NEXT_DEST_INDEX);
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
                }
            }
            return new CreateCourierEnvelopesFromTombstoneRangeReply(queryId, envelopes, buffer, next,
                    errorCode);
        }
    }
}
