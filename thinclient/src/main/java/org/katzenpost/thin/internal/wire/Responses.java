package org.katzenpost.thin.internal.wire;

import static org.katzenpost.thin.internal.wire.WireFields.*;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.SphinxGeometry;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborReader;

/**
 * The daemon → client variants (replies and events) of docs/protocol.md#responses: their sealed hierarchy, the registry
 * that decodes them ({@link #KEYS} and {@link #variant}), the records of the session, legacy-send and PKI kinds, and
 * {@link Unknown}. The Pigeonhole replies (docs/protocol.md#pigeonhole) sit beside their requests in one file per area
 * ({@link BoxMessages}, {@link ResendMessages}, {@link CourierEnvelopeMessages}, {@link VoucherMessages}), each with
 * its part of the registry: its {@code REPLY_KEYS} and a {@code decode} switch with a case per key. Each record is the
 * client's one home of its kind: its wire key and how the client reads it ({@code decode}). How a daemon writes it, in
 * the daemon's key order, is the testkit's business (its {@code ResponseEncoder}), so that code does not ship in the
 * client jar; docs/protocol.md#adding-a-kind lists every file a new kind touches. Byte-array components are held as
 * decoded (no copies); error replies carry null in every payload field, and 0/false for absent integers and booleans.
 * {@code errorCode} is the uint8 thin-namespace code unless noted.
 */
public final class Responses {
    private Responses() {}

    /** One daemon → client message variant (reply or event). */
    public sealed interface Response {
        /** The top-level map key naming this variant on the wire. */
        String wireKey();

    }

    /** A reply carrying the {@code query_id} of its request and a thin-namespace {@code error_code} (0 = success). */
    public sealed interface QueryReply extends Response
            permits GetPkiDocumentReply, GetDirectoryAuthoritiesReply, PigeonholeReply {
        /** The {@code query_id} of the request answered. */
        byte[] queryId();

        /** The thin-namespace error code, 0 on success. */
        int errorCode();
    }

    /** A reply to a Pigeonhole request: one sealed interface per area file. */
    public sealed interface PigeonholeReply extends QueryReply permits BoxMessages.BoxReply,
            ResendMessages.ResendReply, CourierEnvelopeMessages.CourierEnvelopeReply, VoucherMessages.VoucherReply {}

    /** The keys of the session, legacy-send and PKI replies and events; each has its case in {@link #decodeOwn}. */
    private static final List<String> REPLY_KEYS = List.of(
            SessionTokenReply.KEY,
            ShutdownFrame.KEY,
            ConnectionStatusFrame.KEY,
            NewPkiDocumentFrame.KEY,
            MessageSentFrame.KEY,
            MessageReplyFrame.KEY,
            MessageIdGarbageCollected.KEY,
            GetPkiDocumentReply.KEY,
            GetDirectoryAuthoritiesReply.KEY);

    /**
     * Every known response key, area by area (each area's {@code REPLY_KEYS}). The client's decoding does not depend
     * on the order; the order kpclientd writes them in is the testkit's ({@code ResponseEncoder}).
     */
    public static final List<String> KEYS;

    // Loops, not streams: this runs when a client first connects, and a process's first stream pipeline sets up
    // dozens of the JDK's classes (docs/performance.md, "CLI start-up").
    static {
        List<String> keys = new ArrayList<>();
        for (List<String> area : List.of(REPLY_KEYS, BoxMessages.REPLY_KEYS, ResendMessages.REPLY_KEYS,
                CourierEnvelopeMessages.REPLY_KEYS, VoucherMessages.REPLY_KEYS)) {
            for (String key : area) {
                if (keys.contains(key)) {
                    throw new IllegalStateException("response key " + key + " is registered twice");
                }
                keys.add(key);
            }
        }
        KEYS = List.copyOf(keys);
    }

    /**
     * Decodes the value of a known variant key, or returns null, consuming nothing, for another key. Each area file
     * decodes its own keys in a switch (a new kind adds its case there, not here); a switch rather than a table of
     * method references, each of which would spin a class of its own when a client first connects (docs/performance.md,
     * "The first call, cold JVM").
     */
    static Response variant(String key, CborReader r) {
        Response v = decodeOwn(key, r);
        if (v == null) {
            v = BoxMessages.decode(key, r);
        }
        if (v == null) {
            v = ResendMessages.decode(key, r);
        }
        if (v == null) {
            v = CourierEnvelopeMessages.decode(key, r);
        }
        if (v == null) {
            v = VoucherMessages.decode(key, r);
        }
        return v;
    }

    private static Response decodeOwn(String key, CborReader r) {
        return switch (key) {
            case SessionTokenReply.KEY -> SessionTokenReply.decode(r);
            case ShutdownFrame.KEY -> ShutdownFrame.decode(r);
            case ConnectionStatusFrame.KEY -> ConnectionStatusFrame.decode(r);
            case NewPkiDocumentFrame.KEY -> NewPkiDocumentFrame.decode(r);
            case MessageSentFrame.KEY -> MessageSentFrame.decode(r);
            case MessageReplyFrame.KEY -> MessageReplyFrame.decode(r);
            case MessageIdGarbageCollected.KEY -> MessageIdGarbageCollected.decode(r);
            case GetPkiDocumentReply.KEY -> GetPkiDocumentReply.decode(r);
            case GetDirectoryAuthoritiesReply.KEY -> GetDirectoryAuthoritiesReply.decode(r);
            default -> null;
        };
    }

    /** Reply to session_token; {@code resumed} tells whether the daemon kept the session. */
    public record SessionTokenReply(byte[] appId, boolean resumed) implements Response {
        public static final String KEY = "session_token_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        static SessionTokenReply decode(CborReader r) {
            byte[] appId = null;
            boolean resumed = false;
            for (String f : fields(r)) {
                switch (f) {
                    case APP_ID -> appId = fixed(r, WireSizes.TOKEN, APP_ID);
                    case RESUMED -> resumed = r.readBool();
                    default -> r.skip();
                }
            }
            return new SessionTokenReply(appId, resumed);
        }
    }

    /** The daemon is shutting down. */
    public record ShutdownFrame() implements Response {
        public static final String KEY = "shutdown_event";

        @Override
        public String wireKey() {
            return KEY;
        }

        static ShutdownFrame decode(CborReader r) {
            emptyVariant(r);
            return new ShutdownFrame();
        }
    }

    /**
     * Mixnet connectivity and, in the handshake, the daemon's instance token and geometries (null when absent).
     * The wire field {@code err} is always null and is not modelled.
     */
    public record ConnectionStatusFrame(boolean isConnected, byte[] instanceToken, SphinxGeometry sphinxGeometry,
            PigeonholeGeometry pigeonholeGeometry) implements Response {
        public static final String KEY = "connection_status_event";

        @Override
        public String wireKey() {
            return KEY;
        }

        static ConnectionStatusFrame decode(CborReader r) {
            boolean connected = false;
            byte[] token = null;
            SphinxGeometry sphinx = null;
            PigeonholeGeometry pigeonhole = null;
            for (String f : fields(r)) {
                switch (f) {
                    case IS_CONNECTED -> connected = r.readBool();
                    case INSTANCE_TOKEN -> token = fixed(r, WireSizes.TOKEN, INSTANCE_TOKEN);
                    case SPHINX_GEOMETRY -> sphinx = readSphinx(r);
                    case PIGEONHOLE_GEOMETRY -> pigeonhole = readPigeonhole(r);
                    default -> r.skip(); // includes err: always null, "any value, ignore it"
                }
            }
            return new ConnectionStatusFrame(connected, token, sphinx, pigeonhole);
        }
    }

    /** A new (stripped) PKI document; {@code payload} may be null or empty. */
    public record NewPkiDocumentFrame(byte[] payload) implements Response {
        public static final String KEY = "new_pki_document_event";

        @Override
        public String wireKey() {
            return KEY;
        }

        static NewPkiDocumentFrame decode(CborReader r) {
            byte[] payload = null;
            for (String f : fields(r)) {
                switch (f) {
                    case PAYLOAD -> payload = r.readBytes();
                    default -> r.skip();
                }
            }
            return new NewPkiDocumentFrame(payload);
        }
    }

    /** A legacy SURB send left the daemon. {@code err} is null unless sending failed. */
    public record MessageSentFrame(byte[] messageId, byte[] surbId, long sentAtUnixSeconds, long replyEtaNanos,
            String err) implements Response {
        public static final String KEY = "message_sent_event";

        @Override
        public String wireKey() {
            return KEY;
        }

        static MessageSentFrame decode(CborReader r) {
            byte[] messageId = null;
            byte[] surbId = null;
            long sentAt = 0;
            long eta = 0;
            String err = null;
            for (String f : fields(r)) {
                switch (f) {
                    case MESSAGE_ID -> messageId = fixed(r, WireSizes.MESSAGE_ID, MESSAGE_ID);
                    case SURBID -> surbId = fixed(r, WireSizes.SURB_ID, SURBID);
                    case SENT_AT -> sentAt = unixSeconds(r, SENT_AT);
                    case REPLY_ETA -> eta = r.readInt();
                    case ERR -> {
                        String e = r.readText();
                        err = e.isEmpty() ? null : e; // omitempty on the Go side: "" and absent mean the same
                    }
                    default -> r.skip();
                }
            }
            return new MessageSentFrame(messageId, surbId, sentAt, eta, err);
        }

        /** Unix seconds that an {@link Instant} can hold (the event carries one), else a CborException. */
        private static long unixSeconds(CborReader r, String field) {
            long v = r.readInt();
            if (v < Instant.MIN.getEpochSecond() || v > Instant.MAX.getEpochSecond()) {
                throw new CborException(field + ": " + v + " Unix seconds is out of the range of a date");
            }
            return v;
        }
    }

    /** A SURB reply arrived; match it on {@code surbId}. {@code replyIndex} is null when absent. */
    public record MessageReplyFrame(byte[] messageId, byte[] surbId, byte[] payload, Integer replyIndex,
            int errorCode) implements Response {
        public static final String KEY = "message_reply_event";

        @Override
        public String wireKey() {
            return KEY;
        }

        static MessageReplyFrame decode(CborReader r) {
            byte[] messageId = null;
            byte[] surbId = null;
            byte[] payload = null;
            Integer replyIndex = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case MESSAGE_ID -> messageId = fixed(r, WireSizes.MESSAGE_ID, MESSAGE_ID);
                    case SURBID -> surbId = fixed(r, WireSizes.SURB_ID, SURBID);
                    case PAYLOAD -> payload = r.readBytes();
                    case REPLY_INDEX -> replyIndex = uint8(r, REPLY_INDEX);
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
                }
            }
            return new MessageReplyFrame(messageId, surbId, payload, replyIndex, errorCode);
        }
    }

    /** Never sent by current daemons. */
    public record MessageIdGarbageCollected(byte[] messageId) implements Response {
        public static final String KEY = "message_id_garbage_collected";

        @Override
        public String wireKey() {
            return KEY;
        }

        static MessageIdGarbageCollected decode(CborReader r) {
            byte[] messageId = null;
            for (String f : fields(r)) {
                switch (f) {
                    case MESSAGE_ID -> messageId = fixed(r, WireSizes.MESSAGE_ID, MESSAGE_ID);
                    default -> r.skip();
                }
            }
            return new MessageIdGarbageCollected(messageId);
        }
    }

    /** {@code payload} is the cert-wrapped signed document; {@code epoch} (uint64 bits) is set on errors too. */
    public record GetPkiDocumentReply(byte[] queryId, byte[] payload, long epoch, int errorCode)
            implements QueryReply {
        public static final String KEY = "get_pki_document_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        static GetPkiDocumentReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] payload = null;
            long epoch = 0;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case PAYLOAD -> payload = r.readBytes();
                    case EPOCH -> epoch = r.readUint64Bits();
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
                }
            }
            return new GetPkiDocumentReply(queryId, payload, epoch, errorCode);
        }
    }

    /** {@code authorities} are the generically decoded DirectoryAuthority maps (null when absent). */
    public record GetDirectoryAuthoritiesReply(byte[] queryId, List<Map<Object, Object>> authorities, int errorCode)
            implements QueryReply {
        public static final String KEY = "get_directory_authorities_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        static GetDirectoryAuthoritiesReply decode(CborReader r) {
            byte[] queryId = null;
            List<Map<Object, Object>> authorities = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case AUTHORITIES -> authorities = mapList(r, AUTHORITIES);
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
                }
            }
            return new GetDirectoryAuthoritiesReply(queryId, authorities, errorCode);
        }
    }

    /**
     * A variant this library does not know: its key and its generically decoded value (see
     * {@link CborReader#readValue()}).
     */
    public record Unknown(String key, Object value) implements Response {
        @Override
        public String wireKey() {
            return key;
        }

    }
}
