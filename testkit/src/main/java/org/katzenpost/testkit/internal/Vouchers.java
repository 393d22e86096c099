package org.katzenpost.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.katzenpost.thin.internal.Hashes;
import org.katzenpost.thin.internal.wire.Requests.QueryRequest;
import org.katzenpost.thin.internal.wire.Responses.Response;
import org.katzenpost.thin.internal.wire.VoucherMessages;

/**
 * Simulated contact vouchers (docs/protocol.md#vouchers) that round-trip between clients of one simulator (or of any
 * simulator: nothing here depends on simulator state). The voucher is BLAKE2b-256 of the payload, as in hpqc;
 * the "NIKE" keys are hashes of CTIDH1024-X25519 sizes (162-byte private, 160-byte public), the "signature"
 * and the seal are hash constructions only this simulator checks.
 */
final class Vouchers {
    static final int SECRET_KEY = 162;
    static final int PUBLIC_KEY = 160;
    private static final byte[] MAGIC = "KPSIM-VOUCHER-1".getBytes(StandardCharsets.US_ASCII);
    private static final int SIG = 32;

    private final SimCore core;

    Vouchers(SimCore core) {
        this.core = core;
    }

    void reset() {}

    Response handle(QueryRequest req) {
        if (req instanceof VoucherMessages.VoucherMint q) {
            return mint(q);
        } else if (req instanceof VoucherMessages.VoucherDeriveStream q) {
            if (q.voucher() == null || q.voucher().length != 32) {
                return Replies.error(q, Replies.INVALID_REQUEST, 0);
            }
            Bacap.Keypair k = stream(q.voucher());
            return new VoucherMessages.VoucherDeriveStreamReply(q.queryId(), k.writeCap(), k.readCap(), 0);
        } else if (req instanceof VoucherMessages.VoucherInduct q) {
            return induct(q);
        } else if (req instanceof VoucherMessages.VoucherOpen q) {
            return open(q);
        }
        return Replies.error(req, Replies.INTERNAL_ERROR, 0);
    }

    private static Bacap.Keypair stream(byte[] voucher) {
        return Bacap.fromSeed(SimHash.h("sim-voucher-stream", voucher));
    }

    private static byte[] publicKey(byte[] secretKey) {
        return SimHash.expand(SimHash.h("sim-voucher-pk", secretKey), PUBLIC_KEY);
    }

    // payload = magic ‖ public key (160) ‖ message read cap (136) ‖ name length (2) ‖ name ‖ signature (32)

    private Response mint(VoucherMessages.VoucherMint q) {
        if (q.messageWriteCap() == null || q.messageWriteCap().length != Bacap.WRITE_CAP || q.displayName() == null) {
            return Replies.error(q, Replies.INVALID_REQUEST, 0);
        }
        byte[] name = q.displayName().getBytes(StandardCharsets.UTF_8);
        if (name.length > 0xFFFF) {
            return Replies.error(q, Replies.INVALID_REQUEST, 0);
        }
        byte[] sk = core.random(SECRET_KEY);
        byte[] pk = publicKey(sk);
        byte[] readCap = Bacap.readCapOf(q.messageWriteCap());
        int bodyLen = MAGIC.length + PUBLIC_KEY + Bacap.READ_CAP + 2 + name.length;
        byte[] payload = new byte[bodyLen + SIG];
        int o = 0;
        System.arraycopy(MAGIC, 0, payload, o, MAGIC.length);
        o += MAGIC.length;
        System.arraycopy(pk, 0, payload, o, PUBLIC_KEY);
        o += PUBLIC_KEY;
        System.arraycopy(readCap, 0, payload, o, Bacap.READ_CAP);
        o += Bacap.READ_CAP;
        payload[o++] = (byte) (name.length >>> 8);
        payload[o++] = (byte) name.length;
        System.arraycopy(name, 0, payload, o, name.length);
        byte[] sig = signature(Bacap.pkOfReadCap(readCap), Arrays.copyOf(payload, bodyLen));
        System.arraycopy(sig, 0, payload, bodyLen, SIG);
        byte[] voucher = Hashes.blake2b256(payload);
        Bacap.Keypair k = stream(voucher);
        return new VoucherMessages.VoucherMintReply(q.queryId(), voucher, payload, k.writeCap(), k.readCap(), sk,
                pk, 0);
    }

    private static byte[] signature(byte[] signerPk, byte[] body) {
        return SimHash.h("sim-voucher-signature", signerPk, body);
    }

    private record Parsed(byte[] pk, byte[] readCap, String name, byte[] body, byte[] sig) {}

    private static Parsed parse(byte[] p) {
        int fixed = MAGIC.length + PUBLIC_KEY + Bacap.READ_CAP + 2;
        if (p.length < fixed + SIG || !Arrays.equals(p, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return null;
        }
        int o = MAGIC.length;
        byte[] pk = Arrays.copyOfRange(p, o, o + PUBLIC_KEY);
        o += PUBLIC_KEY;
        byte[] readCap = Arrays.copyOfRange(p, o, o + Bacap.READ_CAP);
        o += Bacap.READ_CAP;
        int n = ((p[o] & 0xFF) << 8) | (p[o + 1] & 0xFF);
        o += 2;
        if (p.length != o + n + SIG) {
            return null;
        }
        String name = new String(p, o, n, StandardCharsets.UTF_8);
        o += n;
        return new Parsed(pk, readCap, name, Arrays.copyOf(p, o), Arrays.copyOfRange(p, o, o + SIG));
    }

    private Response induct(VoucherMessages.VoucherInduct q) {
        if (q.voucher() == null || q.voucher().length != 32 || q.voucherPayload() == null || q.whoReply() == null) {
            return Replies.error(q, Replies.INVALID_REQUEST, 0);
        }
        if (!MessageDigest.isEqual(Hashes.blake2b256(q.voucherPayload()), q.voucher())) {
            return Replies.error(q, Replies.VOUCHER_HASH_MISMATCH, 0);
        }
        Parsed p = parse(q.voucherPayload());
        if (p == null) {
            return Replies.error(q, Replies.INVALID_REQUEST, 0);
        }
        if (!MessageDigest.isEqual(signature(Bacap.pkOfReadCap(p.readCap()), p.body()), p.sig())) {
            return Replies.error(q, Replies.VOUCHER_SIGNATURE_INVALID, 0);
        }
        byte[] salt = core.random(32);
        byte[] sealed = seal(p.pk(), q.whoReply(), salt);
        Bacap.Keypair k = stream(q.voucher());
        return new VoucherMessages.VoucherInductReply(q.queryId(), p.name(), Bacap.mutateReadCap(p.readCap(), salt),
                sealed,
                k.writeCap(), k.readCap(), salt, 0);
    }

    private Response open(VoucherMessages.VoucherOpen q) {
        if (q.voucherSecretKey() == null || q.voucherSecretKey().length != SECRET_KEY || q.sealedReply() == null
                || q.messageWriteCap() == null || q.messageWriteCap().length != Bacap.WRITE_CAP) {
            return Replies.error(q, Replies.INVALID_REQUEST, 0);
        }
        byte[] body = Sealed.open(publicKey(q.voucherSecretKey()), "sim-voucher-seal", q.sealedReply(), 0,
                q.sealedReply().length);
        if (body == null || body.length < 4 + 32) {
            return Replies.error(q, Replies.VOUCHER_SEAL_OPEN_FAILED, 0);
        }
        int n = SimHash.readBe32(body, 0);
        if (n < 0 || n != body.length - 4 - 32) {
            return Replies.error(q, Replies.VOUCHER_SEAL_OPEN_FAILED, 0);
        }
        byte[] who = Arrays.copyOfRange(body, 4, 4 + n);
        byte[] salt = Arrays.copyOfRange(body, 4 + n, body.length);
        return new VoucherMessages.VoucherOpenReply(q.queryId(), who, salt,
                Bacap.mutateWriteCap(q.messageWriteCap(), salt), 0);
    }

    /** Sealed to the joiner's public key: whoever holds the matching secret key derives it and opens. */
    private static byte[] seal(byte[] pk, byte[] who, byte[] salt) {
        byte[] body = new byte[4 + who.length + 32];
        SimHash.writeBe32(body, 0, who.length);
        System.arraycopy(who, 0, body, 4, who.length);
        System.arraycopy(salt, 0, body, 4 + who.length, 32);
        return Sealed.seal(pk, "sim-voucher-seal", body);
    }
}
