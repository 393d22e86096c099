package org.katzenpost.testkit.internal.wire;

import static org.katzenpost.thin.internal.wire.WireFields.*;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.KeyTable;
import org.katzenpost.thin.internal.wire.Requests.CancelResendingCopyCommand;
import org.katzenpost.thin.internal.wire.Requests.CancelResendingEncryptedMessage;
import org.katzenpost.thin.internal.wire.Requests.CreateCourierEnvelopesFromMultiPayload;
import org.katzenpost.thin.internal.wire.Requests.CreateCourierEnvelopesFromMultiPayload.EnvelopeDestination;
import org.katzenpost.thin.internal.wire.Requests.CreateCourierEnvelopesFromPayload;
import org.katzenpost.thin.internal.wire.Requests.CreateCourierEnvelopesFromTombstoneRange;
import org.katzenpost.thin.internal.wire.Requests.EncryptRead;
import org.katzenpost.thin.internal.wire.Requests.EncryptWrite;
import org.katzenpost.thin.internal.wire.Requests.GetDirectoryAuthorities;
import org.katzenpost.thin.internal.wire.Requests.GetMessageBoxIndexCounter;
import org.katzenpost.thin.internal.wire.Requests.GetPkiDocument;
import org.katzenpost.thin.internal.wire.Requests.NewKeypair;
import org.katzenpost.thin.internal.wire.Requests.NextMessageBoxIndex;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.Requests.SendMessage;
import org.katzenpost.thin.internal.wire.Requests.SessionToken;
import org.katzenpost.thin.internal.wire.Requests.StartResendingCopyCommand;
import org.katzenpost.thin.internal.wire.Requests.StartResendingEncryptedMessage;
import org.katzenpost.thin.internal.wire.Requests.ThinClose;
import org.katzenpost.thin.internal.wire.Requests.Unknown;
import org.katzenpost.thin.internal.wire.Requests.VoucherDeriveStream;
import org.katzenpost.thin.internal.wire.Requests.VoucherInduct;
import org.katzenpost.thin.internal.wire.Requests.VoucherMint;
import org.katzenpost.thin.internal.wire.Requests.VoucherOpen;
import org.katzenpost.thin.internal.wire.WireSizes;

/**
 * The daemon's half of the codec for client → daemon messages: reads every request variant as kpclientd would
 * accept it (docs/protocol.md#cbor). One reader per kind; the client's half, the encoder, lives with each record in
 * {@code Requests}. Not in the client jar: only the simulator and tests read requests.
 */
public final class RequestDecoder {
    /** Every request key this decoder knows, as the client library models them. */
    public static final List<String> KEYS = List.of(
            SessionToken.KEY, ThinClose.KEY, SendMessage.KEY, NewKeypair.KEY, EncryptRead.KEY, EncryptWrite.KEY,
            StartResendingEncryptedMessage.KEY, CancelResendingEncryptedMessage.KEY, StartResendingCopyCommand.KEY,
            CancelResendingCopyCommand.KEY, NextMessageBoxIndex.KEY, GetMessageBoxIndexCounter.KEY,
            CreateCourierEnvelopesFromPayload.KEY, CreateCourierEnvelopesFromMultiPayload.KEY,
            CreateCourierEnvelopesFromTombstoneRange.KEY, GetPkiDocument.KEY, GetDirectoryAuthorities.KEY,
            VoucherMint.KEY, VoucherInduct.KEY, VoucherOpen.KEY, VoucherDeriveStream.KEY);

    private static final KeyTable KEY_TABLE = new KeyTable(KEYS.toArray(new String[0]));

    private RequestDecoder() {}

    /**
     * Decodes one client frame body. A non-null variant this library does not know (with no known one beside it)
     * comes back as {@link Unknown}.
     *
     * @throws CborException on malformed CBOR, a wrong type or size, trailing bytes, no variant, or two known
     *     variants
     */
    public static Request decode(byte[] body) {
        if (body == null) {
            throw new CborException("no frame body");
        }
        return decodeVariant(new CborReader(body), KEY_TABLE, "request", RequestDecoder::variant, Unknown::new);
    }

    /** Decodes the value of a known variant key, or returns null, consuming nothing, for another. */
    private static Request variant(String key, CborReader r) {
        return switch (key) {
            case SessionToken.KEY -> sessionToken(r);
            case ThinClose.KEY -> thinClose(r);
            case SendMessage.KEY -> sendMessage(r);
            case NewKeypair.KEY -> newKeypair(r);
            case EncryptRead.KEY -> encryptRead(r);
            case EncryptWrite.KEY -> encryptWrite(r);
            case StartResendingEncryptedMessage.KEY -> startResendingEncryptedMessage(r);
            case CancelResendingEncryptedMessage.KEY -> cancelResendingEncryptedMessage(r);
            case StartResendingCopyCommand.KEY -> startResendingCopyCommand(r);
            case CancelResendingCopyCommand.KEY -> cancelResendingCopyCommand(r);
            case NextMessageBoxIndex.KEY -> nextMessageBoxIndex(r);
            case GetMessageBoxIndexCounter.KEY -> getMessageBoxIndexCounter(r);
            case CreateCourierEnvelopesFromPayload.KEY -> createCourierEnvelopesFromPayload(r);
            case CreateCourierEnvelopesFromMultiPayload.KEY -> createCourierEnvelopesFromMultiPayload(r);
            case CreateCourierEnvelopesFromTombstoneRange.KEY -> createCourierEnvelopesFromTombstoneRange(r);
            case GetPkiDocument.KEY -> getPkiDocument(r);
            case GetDirectoryAuthorities.KEY -> getDirectoryAuthorities(r);
            case VoucherMint.KEY -> voucherMint(r);
            case VoucherInduct.KEY -> voucherInduct(r);
            case VoucherOpen.KEY -> voucherOpen(r);
            case VoucherDeriveStream.KEY -> voucherDeriveStream(r);
            default -> null;
        };
    }

    private static SessionToken sessionToken(CborReader r) {
        var v = new Object() { byte[] token; };
        readFields(r, f -> {
            switch (f) {
                case CLIENT_INSTANCE_TOKEN -> v.token = fixed(r, WireSizes.TOKEN, CLIENT_INSTANCE_TOKEN);
                default -> r.skip();
            }
        });
        return new SessionToken(v.token);
    }

    private static ThinClose thinClose(CborReader r) {
        emptyVariant(r);
        return new ThinClose();
    }

    private static SendMessage sendMessage(CborReader r) {
        var v = new Object() { byte[] id, surbId, destination, queue, payload; boolean withSurb; };
        readFields(r, f -> {
            switch (f) {
                case ID -> v.id = fixed(r, WireSizes.MESSAGE_ID, ID);
                case WITH_SURB -> v.withSurb = r.readBool();
                case SURBID -> v.surbId = fixed(r, WireSizes.SURB_ID, SURBID);
                case DESTINATION_ID_HASH -> v.destination = fixed(r, WireSizes.HASH, DESTINATION_ID_HASH);
                case RECIPIENT_QUEUE_ID -> v.queue = queueId(r, RECIPIENT_QUEUE_ID);
                case PAYLOAD -> v.payload = r.readBytes();
                default -> r.skip();
            }
        });
        return new SendMessage(v.id, v.withSurb, v.surbId, v.destination, v.queue, v.payload);
    }

    private static NewKeypair newKeypair(CborReader r) {
        var v = new Object() { byte[] queryId, seed; };
        readFields(r, f -> {
            switch (f) {
                case QUERY_ID -> v.queryId = readQueryId(r);
                case SEED -> v.seed = r.readBytes();
                default -> r.skip();
            }
        });
        return new NewKeypair(v.queryId, v.seed);
    }

    private static EncryptRead encryptRead(CborReader r) {
        var v = new Object() { byte[] queryId, readCap, index; };
        readFields(r, f -> {
            switch (f) {
                case QUERY_ID -> v.queryId = readQueryId(r);
                case READ_CAP -> v.readCap = fixed(r, WireSizes.READ_CAP, READ_CAP);
                case MESSAGE_BOX_INDEX -> v.index = fixed(r, WireSizes.MESSAGE_BOX_INDEX, MESSAGE_BOX_INDEX);
                default -> r.skip();
            }
        });
        return new EncryptRead(v.queryId, v.readCap, v.index);
    }

    private static EncryptWrite encryptWrite(CborReader r) {
        var v = new Object() { byte[] queryId, plaintext, writeCap, index; };
        readFields(r, f -> {
            switch (f) {
                case QUERY_ID -> v.queryId = readQueryId(r);
                case PLAINTEXT -> v.plaintext = r.readBytes();
                case WRITE_CAP -> v.writeCap = fixed(r, WireSizes.WRITE_CAP, WRITE_CAP);
                case MESSAGE_BOX_INDEX -> v.index = fixed(r, WireSizes.MESSAGE_BOX_INDEX, MESSAGE_BOX_INDEX);
                default -> r.skip();
            }
        });
        return new EncryptWrite(v.queryId, v.plaintext, v.writeCap, v.index);
    }

    private static StartResendingEncryptedMessage startResendingEncryptedMessage(CborReader r) {
        var v = new Object() {
            byte[] queryId, readCap, writeCap, index, descriptor, ciphertext, envelopeHash;
            Integer replyIndex;
            boolean noRetry, noIdempotent;
        };
        readFields(r, f -> {
            switch (f) {
                case QUERY_ID -> v.queryId = readQueryId(r);
                case READ_CAP -> v.readCap = fixed(r, WireSizes.READ_CAP, READ_CAP);
                case WRITE_CAP -> v.writeCap = fixed(r, WireSizes.WRITE_CAP, WRITE_CAP);
                case MESSAGE_BOX_INDEX -> v.index = fixed(r, WireSizes.MESSAGE_BOX_INDEX, MESSAGE_BOX_INDEX);
                case REPLY_INDEX -> v.replyIndex = uint8(r, REPLY_INDEX);
                case ENVELOPE_DESCRIPTOR -> v.descriptor = r.readBytes();
                case MESSAGE_CIPHERTEXT -> v.ciphertext = r.readBytes();
                case ENVELOPE_HASH -> v.envelopeHash = fixed(r, WireSizes.HASH, ENVELOPE_HASH);
                case NO_RETRY_ON_BOX_ID_NOT_FOUND -> v.noRetry = r.readBool();
                case NO_IDEMPOTENT_BOX_ALREADY_EXISTS -> v.noIdempotent = r.readBool();
                default -> r.skip();
            }
        });
        return new StartResendingEncryptedMessage(v.queryId, v.readCap, v.writeCap, v.index, v.replyIndex,
                v.descriptor, v.ciphertext, v.envelopeHash, v.noRetry, v.noIdempotent);
    }

    private static CancelResendingEncryptedMessage cancelResendingEncryptedMessage(CborReader r) {
        var v = new Object() { byte[] queryId, envelopeHash; };
        readFields(r, f -> {
            switch (f) {
                case QUERY_ID -> v.queryId = readQueryId(r);
                case ENVELOPE_HASH -> v.envelopeHash = fixed(r, WireSizes.HASH, ENVELOPE_HASH);
                default -> r.skip();
            }
        });
        return new CancelResendingEncryptedMessage(v.queryId, v.envelopeHash);
    }

    private static StartResendingCopyCommand startResendingCopyCommand(CborReader r) {
        var v = new Object() { byte[] queryId, writeCap, courierHash, courierQueue; };
        readFields(r, f -> {
            switch (f) {
                case QUERY_ID -> v.queryId = readQueryId(r);
                case WRITE_CAP -> v.writeCap = fixed(r, WireSizes.WRITE_CAP, WRITE_CAP);
                case COURIER_IDENTITY_HASH -> v.courierHash = fixed(r, WireSizes.HASH, COURIER_IDENTITY_HASH);
                case COURIER_QUEUE_ID -> {
                    // omitempty on the Go side: empty means unset; otherwise at most 32 bytes
                    byte[] b = r.readBytes();
                    if (b.length > WireSizes.RECIPIENT_QUEUE_ID_MAX) {
                        throw new CborException(COURIER_QUEUE_ID + ": expected at most "
                                + WireSizes.RECIPIENT_QUEUE_ID_MAX + " bytes, got " + b.length);
                    }
                    v.courierQueue = b.length == 0 ? null : b;
                }
                default -> r.skip();
            }
        });
        return new StartResendingCopyCommand(v.queryId, v.writeCap, v.courierHash, v.courierQueue);
    }

    private static CancelResendingCopyCommand cancelResendingCopyCommand(CborReader r) {
        var v = new Object() { byte[] queryId, hash; };
        readFields(r, f -> {
            switch (f) {
                case QUERY_ID -> v.queryId = readQueryId(r);
                case WRITE_CAP_HASH -> v.hash = fixed(r, WireSizes.HASH, WRITE_CAP_HASH);
                default -> r.skip();
            }
        });
        return new CancelResendingCopyCommand(v.queryId, v.hash);
    }

    private static NextMessageBoxIndex nextMessageBoxIndex(CborReader r) {
        return queryIdAndIndex(r, NextMessageBoxIndex::new);
    }

    private static GetMessageBoxIndexCounter getMessageBoxIndexCounter(CborReader r) {
        return queryIdAndIndex(r, GetMessageBoxIndexCounter::new);
    }

    private static CreateCourierEnvelopesFromPayload createCourierEnvelopesFromPayload(CborReader r) {
        var v = new Object() { byte[] queryId, payload, writeCap, start; boolean isStart, isLast; };
        readFields(r, f -> {
            switch (f) {
                case QUERY_ID -> v.queryId = readQueryId(r);
                case PAYLOAD -> v.payload = r.readBytes();
                case DEST_WRITE_CAP -> v.writeCap = fixed(r, WireSizes.WRITE_CAP, DEST_WRITE_CAP);
                case DEST_START_INDEX -> v.start = fixed(r, WireSizes.MESSAGE_BOX_INDEX, DEST_START_INDEX);
                case IS_START -> v.isStart = r.readBool();
                case IS_LAST -> v.isLast = r.readBool();
                default -> r.skip();
            }
        });
        return new CreateCourierEnvelopesFromPayload(v.queryId, v.payload, v.writeCap, v.start, v.isStart, v.isLast);
    }

    private static CreateCourierEnvelopesFromMultiPayload createCourierEnvelopesFromMultiPayload(CborReader r) {
        var v = new Object() {
            byte[] queryId, buffer;
            List<EnvelopeDestination> destinations;
            boolean isStart, isLast;
        };
        readFields(r, f -> {
            switch (f) {
                case QUERY_ID -> v.queryId = readQueryId(r);
                case DESTINATIONS -> v.destinations = destinations(r);
                case IS_START -> v.isStart = r.readBool();
                case IS_LAST -> v.isLast = r.readBool();
                case BUFFER -> v.buffer = r.readBytes();
                default -> r.skip();
            }
        });
        return new CreateCourierEnvelopesFromMultiPayload(v.queryId, v.destinations, v.isStart, v.isLast, v.buffer);
    }

    private static CreateCourierEnvelopesFromTombstoneRange createCourierEnvelopesFromTombstoneRange(CborReader r) {
        var v = new Object() { byte[] queryId, writeCap, start, buffer; long maxCount; boolean isStart, isLast; };
        readFields(r, f -> {
            switch (f) {
                case QUERY_ID -> v.queryId = readQueryId(r);
                case DEST_WRITE_CAP -> v.writeCap = fixed(r, WireSizes.WRITE_CAP, DEST_WRITE_CAP);
                case DEST_START_INDEX -> v.start = fixed(r, WireSizes.MESSAGE_BOX_INDEX, DEST_START_INDEX);
                case MAX_COUNT -> v.maxCount = uint32(r, MAX_COUNT);
                case IS_START -> v.isStart = r.readBool();
                case IS_LAST -> v.isLast = r.readBool();
                case BUFFER -> v.buffer = r.readBytes();
                default -> r.skip();
            }
        });
        return new CreateCourierEnvelopesFromTombstoneRange(v.queryId, v.writeCap, v.start, v.maxCount, v.isStart,
                v.isLast, v.buffer);
    }

    private static GetPkiDocument getPkiDocument(CborReader r) {
        var v = new Object() { byte[] queryId; long epoch; };
        readFields(r, f -> {
            switch (f) {
                case QUERY_ID -> v.queryId = readQueryId(r);
                case EPOCH -> v.epoch = r.readUint64Bits();
                default -> r.skip();
            }
        });
        return new GetPkiDocument(v.queryId, v.epoch);
    }

    private static GetDirectoryAuthorities getDirectoryAuthorities(CborReader r) {
        var v = new Object() { byte[] queryId; };
        readFields(r, f -> {
            switch (f) {
                case QUERY_ID -> v.queryId = readQueryId(r);
                default -> r.skip();
            }
        });
        return new GetDirectoryAuthorities(v.queryId);
    }

    private static VoucherMint voucherMint(CborReader r) {
        var v = new Object() { byte[] queryId, writeCap; String displayName; };
        readFields(r, f -> {
            switch (f) {
                case QUERY_ID -> v.queryId = readQueryId(r);
                case MESSAGE_WRITE_CAP -> v.writeCap = fixed(r, WireSizes.WRITE_CAP, MESSAGE_WRITE_CAP);
                case DISPLAY_NAME -> v.displayName = r.readText();
                default -> r.skip();
            }
        });
        return new VoucherMint(v.queryId, v.writeCap, v.displayName);
    }

    private static VoucherInduct voucherInduct(CborReader r) {
        var v = new Object() { byte[] queryId, voucher, payload, whoReply; };
        readFields(r, f -> {
            switch (f) {
                case QUERY_ID -> v.queryId = readQueryId(r);
                case VOUCHER -> v.voucher = fixed(r, WireSizes.VOUCHER, VOUCHER);
                case VOUCHER_PAYLOAD -> v.payload = r.readBytes();
                case WHO_REPLY -> v.whoReply = r.readBytes();
                default -> r.skip();
            }
        });
        return new VoucherInduct(v.queryId, v.voucher, v.payload, v.whoReply);
    }

    private static VoucherOpen voucherOpen(CborReader r) {
        var v = new Object() { byte[] queryId, secret, sealed, writeCap; };
        readFields(r, f -> {
            switch (f) {
                case QUERY_ID -> v.queryId = readQueryId(r);
                case VOUCHER_SECRET_KEY -> v.secret = r.readBytes();
                case SEALED_REPLY -> v.sealed = r.readBytes();
                case MESSAGE_WRITE_CAP -> v.writeCap = fixed(r, WireSizes.WRITE_CAP, MESSAGE_WRITE_CAP);
                default -> r.skip();
            }
        });
        return new VoucherOpen(v.queryId, v.secret, v.sealed, v.writeCap);
    }

    private static VoucherDeriveStream voucherDeriveStream(CborReader r) {
        var v = new Object() { byte[] queryId, voucher; };
        readFields(r, f -> {
            switch (f) {
                case QUERY_ID -> v.queryId = readQueryId(r);
                case VOUCHER -> v.voucher = fixed(r, WireSizes.VOUCHER, VOUCHER);
                default -> r.skip();
            }
        });
        return new VoucherDeriveStream(v.queryId, v.voucher);
    }

    private static List<EnvelopeDestination> destinations(CborReader r) {
        long n = r.readArrayHeader();
        List<EnvelopeDestination> out = new ArrayList<>(n < 0 ? 4 : (int) Math.min(n, 256));
        for (long i = 0; r.hasNext(n, i); i++) {
            if (r.tryNull()) {
                out.add(null);
                continue;
            }
            var v = new Object() { byte[] payload, writeCap, startIndex; };
            readFields(r, f -> {
                switch (f) {
                    case PAYLOAD -> v.payload = r.readBytes();
                    case WRITE_CAP -> v.writeCap = fixed(r, WireSizes.WRITE_CAP, WRITE_CAP);
                    case START_INDEX -> v.startIndex = fixed(r, WireSizes.MESSAGE_BOX_INDEX, START_INDEX);
                    default -> r.skip();
                }
            });
            out.add(new EnvelopeDestination(v.payload, v.writeCap, v.startIndex));
        }
        return Collections.unmodifiableList(out);
    }

    /** The {query_id, message_box_index} shape shared by next_message_box_index and get_message_box_index_counter. */
    private static <T> T queryIdAndIndex(CborReader r, BiFunction<byte[], byte[], T> kind) {
        var v = new Object() { byte[] queryId, index; };
        readFields(r, f -> {
            switch (f) {
                case QUERY_ID -> v.queryId = readQueryId(r);
                case MESSAGE_BOX_INDEX -> v.index = fixed(r, WireSizes.MESSAGE_BOX_INDEX, MESSAGE_BOX_INDEX);
                default -> r.skip();
            }
        });
        return kind.apply(v.queryId, v.index);
    }

    private static byte[] queueId(CborReader r, String field) {
        byte[] b = r.readBytes();
        if (b.length == 0 || b.length > WireSizes.RECIPIENT_QUEUE_ID_MAX) {
            throw new CborException(field + ": expected 1 to " + WireSizes.RECIPIENT_QUEUE_ID_MAX + " bytes, got "
                    + b.length);
        }
        return b;
    }

    private static long uint32(CborReader r, String field) {
        long v = r.readUint64Bits();
        if (v < 0 || v > WireSizes.MAX_COUNT_MAX) {
            throw new CborException(field + ": expected a uint32, got " + Long.toUnsignedString(v));
        }
        return v;
    }
}
