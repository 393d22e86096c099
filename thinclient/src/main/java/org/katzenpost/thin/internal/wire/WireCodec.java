package org.katzenpost.thin.internal.wire;

import java.util.function.BiFunction;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.cbor.KeyTable;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.Responses.Response;

/**
 * Encodes and decodes thin-protocol frame bodies (docs/protocol.md#framing): the generic part, the variant map
 * around one message. Each message kind's own fields are written and read by its record in {@link Requests} or
 * {@link Responses}. Stateless and thread-safe.
 *
 * <p>Decoding rules, for both directions: the body is one CBOR map; its variant is the one key whose value is
 * not null (never "which key is present"). Two non-null known variants, or no non-null key at all, is a
 * {@link CborException}. A non-null key this library does not know, with no known one beside it, decodes as
 * {@code Unknown} (the first such key wins); beside a known variant it is ignored. Unknown keys inside a
 * variant are ignored; null fields decode as null, 0 or false. Fixed-size fields are checked on decode (a
 * {@link CborException} naming the field) and on encode (an {@link IllegalArgumentException} naming the field and
 * both sizes). Decoding throws nothing but {@link CborException}, whatever the input.
 *
 * <p>Encoding: requests are written as {@code {variant: {fields}}} with only their own key, every
 * non-omitempty field present (null when null), like the Go client. Responses are written the way kpclientd
 * writes them: all 25 response keys, exactly one non-null.
 */
public final class WireCodec {
    /** A shared instance; the codec holds no state. */
    public static final WireCodec INSTANCE = new WireCodec();

    private static final KeyTable REQUEST_KEYS = new KeyTable(Requests.KEYS.toArray(new String[0]));
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
     * Encodes a response the way kpclientd does: a map holding all 25 response keys, the variant's non-null
     * and the other 24 null. An {@code Unknown} whose key is not one of the 25 is added as a 26th entry. Used by
     * the testkit's simulated daemon and by tests.
     *
     * @throws IllegalArgumentException when a fixed-size field has the wrong size or a number is out of range
     */
    public byte[] encodeResponse(Response response) {
        if (response == null) {
            throw new IllegalArgumentException("response is null");
        }
        String key = response.wireKey();
        if (key == null) {
            throw new IllegalArgumentException("response without a key");
        }
        boolean extra = !Responses.KEYS.contains(key);
        CborWriter w = new CborWriter(1024 + Math.min(response.payloadSize(), Frames.MAX_FRAME_LENGTH));
        w.mapHeader(Responses.KEYS.size() + (extra ? 1 : 0));
        for (String k : Responses.KEYS) {
            w.text(k);
            if (k.equals(key)) {
                response.writeBody(w);
            } else {
                w.nul();
            }
        }
        if (extra) {
            w.text(key);
            response.writeBody(w);
        }
        return w.toByteArray();
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
        return decodeVariant(r, RESPONSE_KEYS, "response", Responses::decodeVariant, Responses.Unknown::new);
    }

    /**
     * Decodes one client frame body (what kpclientd would accept; used by the testkit's simulated daemon). A
     * non-null variant this library does not know (with no known one beside it) comes back as
     * {@link Requests.Unknown}.
     *
     * @throws CborException on malformed CBOR, a wrong type or size, trailing bytes, no variant, or two known
     *     variants
     */
    public Request decodeRequest(byte[] body) {
        return decodeVariant(reader(body), REQUEST_KEYS, "request", Requests::decodeVariant, Requests.Unknown::new);
    }

    private static CborReader reader(byte[] body) {
        if (body == null) {
            throw new CborException("no frame body");
        }
        return new CborReader(body);
    }

    /**
     * The variant of a request or response map: the one key whose value is not null. A key this library does
     * not know becomes {@code unknown} when no known variant is present; two known variants are an error.
     */
    private static <T> T decodeVariant(CborReader r, KeyTable keys, String kind, BiFunction<String, CborReader, T> known,
            BiFunction<String, Object, T> unknown) {
        long n = r.readMapHeader();
        T found = null;
        String foundKey = null;
        String unknownKey = null;
        Object unknownValue = null;
        for (long i = 0; r.hasNext(n, i); i++) {
            String k = WireFields.field(r, keys);
            if (k == null) {
                continue;
            }
            T v = known.apply(k, r);
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
}
