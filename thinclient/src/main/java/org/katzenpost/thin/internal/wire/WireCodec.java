package org.katzenpost.thin.internal.wire;

import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborType;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.cbor.KeyTable;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.Responses.Response;

/**
 * The client's half of the thin-protocol codec (docs/protocol.md#framing): encodes requests and decodes daemon
 * frames, the generic part around one message. Each kind's own fields are written by its request record and read by
 * its reply record, both in {@link Requests} and {@link Responses} or in the Pigeonhole area file of the kind (such
 * as {@link BoxMessages}); {@link Responses}' registry finds the reply record of a key. The daemon's half (decoding
 * requests, encoding responses) lives in the testkit and does not ship in the client jar. Stateless and thread-safe.
 *
 * <p>Decoding rules: the body is one CBOR map; its variant is the one key whose value is not null (never "which key
 * is present"). Two non-null known variants, or no non-null key at all, is a {@link CborException}. A non-null key
 * this library does not know, with no known one beside it, decodes as {@code Unknown} (the first such key wins);
 * beside a known variant it is ignored. Unknown keys inside a variant are ignored; null fields decode as null, 0 or
 * false. Fixed-size fields are checked on decode (a {@link CborException} naming the field) and on encode (an
 * {@link IllegalArgumentException} naming the field and both sizes). Decoding throws nothing but
 * {@link CborException}, whatever the input.
 *
 * <p>Encoding: requests are written as {@code {variant: {fields}}} with only their own key, every non-omitempty
 * field present (null when null), like the Go client.
 */
public final class WireCodec {
    /** A shared instance; the codec holds no state. */
    public static final WireCodec INSTANCE = new WireCodec();

    /** Interns every known response key straight from the frame's bytes (the keys of all areas' registries). */
    private static final KeyTable RESPONSE_KEYS = new KeyTable(Responses.KEYS.toArray(new String[0]));

    /** Largest encoding for which {@link #encodeRequest} reuses its thread's writer. */
    private static final int REUSED_WRITER_LIMIT = 64 * 1024;
    private static final ThreadLocal<CborWriter> WRITERS = ThreadLocal.withInitial(() -> new CborWriter(1024));

    public WireCodec() {}

    /**
     * Encodes a request as {@code {variant: {fields}}}.
     *
     * @throws IllegalArgumentException when a fixed-size field has the wrong size or a number is out of range
     */
    public byte[] encodeRequest(Request request) {
        if (request == null) {
            throw new IllegalArgumentException("request is null");
        }
        int hint = 256 + (int) Math.min(request.payloadSize() + 64L, Frames.MAX_FRAME_LENGTH);
        if (hint > REUSED_WRITER_LIMIT) {
            CborWriter w = new CborWriter(hint);
            writeRequest(w, request);
            return w.toByteArray();
        }
        // Requests are mostly a few hundred bytes: encode them in a per-thread writer and copy out exactly the
        // encoded bytes, instead of allocating a padded buffer per request and then copying it anyway.
        CborWriter w = WRITERS.get().reset();
        try {
            writeRequest(w, request);
            return w.toByteArray();
        } finally {
            if (w.size() > REUSED_WRITER_LIMIT) {
                WRITERS.remove(); // do not keep a large buffer per thread
            }
        }
    }

    private static void writeRequest(CborWriter w, Request request) {
        w.mapHeader(1);
        w.text(request.wireKey());
        request.writeBody(w);
    }

    /**
     * Decodes one daemon frame body.
     *
     * @throws CborException on malformed CBOR, a wrong type or size, trailing bytes, no variant, or two known
     *     variants
     */
    public Response decodeResponse(byte[] body) {
        return decodeResponse(reader(body));
    }

    /**
     * Decodes one daemon frame body held in {@code buf[off, off + len)}. The result shares no memory with
     * {@code buf} (every byte string is copied out), so the caller may reuse the buffer at once.
     *
     * @throws CborException as {@link #decodeResponse(byte[])}
     */
    public Response decodeResponse(byte[] buf, int off, int len) {
        if (buf == null) {
            throw new CborException("no frame body");
        }
        return decodeResponse(new CborReader(buf, off, len));
    }

    private Response decodeResponse(CborReader r) {
        return WireFields.decodeVariant(r, RESPONSE_KEYS, "response", Responses::variant, Responses.Unknown::new);
    }

    /**
     * What a reply frame that failed to decode still tells: the key of its variant and the {@code query_id} inside
     * it, so that the call waiting for it can fail at once instead of at its deadline.
     *
     * @param kind the variant key, at most {@link #SALVAGED_KIND_MAX} characters (longer keys are cut)
     * @param queryId the 16-byte query id
     */
    public record Salvaged(String kind, byte[] queryId) {}

    /** The longest variant key {@link #salvageQueryId} keeps for messages. */
    public static final int SALVAGED_KIND_MAX = 64;

    /**
     * Reads a frame that {@link #decodeResponse(byte[], int, int)} refused as leniently as possible for its query
     * id: the frame is a map of variant keys, all null but one (docs/protocol.md#cbor), whose value is a map that
     * holds {@code query_id} (docs/protocol.md#responses). The first non-null map-valued variant that holds a
     * 16-byte {@code query_id} before the damage wins.
     *
     * @param buf the buffer holding the frame
     * @param off where the frame starts
     * @param len the frame's length
     * @return the variant key and query id, or null when the frame holds none that can be read
     */
    public Salvaged salvageQueryId(byte[] buf, int off, int len) {
        try {
            CborReader r = new CborReader(buf, off, len);
            long n = r.readMapHeader();
            for (long i = 0; r.hasNext(n, i); i++) {
                String key = textKeyOrSkip(r);
                if (key == null) {
                    continue;
                }
                if (r.peekType() != CborType.MAP) {
                    r.skip(); // the null of every other variant, or a value no reply has
                    continue;
                }
                byte[] queryId = queryIdIn(r);
                if (queryId != null) {
                    return new Salvaged(key.length() > SALVAGED_KIND_MAX ? key.substring(0, SALVAGED_KIND_MAX) : key,
                            queryId);
                }
            }
        } catch (RuntimeException e) {
            // the damage came before any query id: nothing to salvage
        }
        return null;
    }

    /** The 16-byte {@code query_id} of the variant map at {@code r}, consuming the map; or null. */
    private static byte[] queryIdIn(CborReader r) {
        long n = r.readMapHeader();
        for (long i = 0; r.hasNext(n, i); i++) {
            String key = textKeyOrSkip(r);
            if (key == null) {
                continue;
            }
            if (!WireFields.QUERY_ID.equals(key) || r.peekType() != CborType.BYTES) {
                r.skip();
                continue;
            }
            byte[] q = r.readBytes();
            if (q.length == WireSizes.QUERY_ID) {
                return q; // whatever follows may be what is damaged
            }
        }
        return null;
    }

    /**
     * The key of the map entry at {@code r}, leaving its value unread; or null, the whole entry skipped, when the key
     * is not text (no reply has such a key, so the salvage looks past it).
     */
    private static String textKeyOrSkip(CborReader r) {
        if (r.peekType() != CborType.TEXT) {
            r.skip();
            r.skip();
            return null;
        }
        return r.readText();
    }

    private static CborReader reader(byte[] body) {
        if (body == null) {
            throw new CborException("no frame body");
        }
        return new CborReader(body);
    }
}
