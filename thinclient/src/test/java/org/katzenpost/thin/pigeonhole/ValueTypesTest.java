package org.katzenpost.thin.pigeonhole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ValueTypesTest {
    private static final HexFormat HEX = HexFormat.of();

    static byte[] seq(int n, int start) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (start + i);
        }
        return b;
    }

    /** Checks length validation, copies, equality, Base64 and toString for one fixed-length type. */
    private static <T> void fixedLength(int length, Function<byte[], T> of, Function<String, T> fromBase64,
            Function<T, byte[]> toBytes, Function<T, String> toBase64, boolean secret) {
        assertThatThrownBy(() -> of.apply(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> of.apply(new byte[length - 1])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(length)).hasMessageContaining(String.valueOf(length - 1));
        assertThatThrownBy(() -> of.apply(new byte[length + 1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> of.apply(new byte[0])).isInstanceOf(IllegalArgumentException.class);

        byte[] in = seq(length, 0x41);
        T a = of.apply(in);
        in[0] ^= 0x7f; // mutating the input does not change the value
        T b = of.apply(seq(length, 0x41));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(of.apply(seq(length, 0x42)));
        byte[] out = toBytes.apply(a);
        assertThat(out).isEqualTo(seq(length, 0x41));
        out[0] ^= 0x7f; // nor does mutating the output
        assertThat(toBytes.apply(a)).isEqualTo(seq(length, 0x41));

        String b64 = toBase64.apply(a);
        assertThat(b64).isEqualTo(Base64.getEncoder().encodeToString(seq(length, 0x41)));
        assertThat(fromBase64.apply(b64)).isEqualTo(a);
        assertThat(fromBase64.apply(Base64.getUrlEncoder().withoutPadding().encodeToString(seq(length, 0x41))))
                .isEqualTo(a);
        assertThat(fromBase64.apply("  " + b64 + "\n")).isEqualTo(a);
        assertThatThrownBy(() -> fromBase64.apply("not*base64!" + b64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(b64);
        assertThatThrownBy(() -> fromBase64.apply(Base64.getEncoder().encodeToString(new byte[length - 1])))
                .isInstanceOf(IllegalArgumentException.class);

        String s = a.toString();
        String hex = HEX.formatHex(seq(length, 0x41));
        assertThat(s).startsWith(a.getClass().getSimpleName() + "(");
        if (secret) {
            assertThat(s).contains(length + " bytes").doesNotContain(hex.substring(0, 16)).doesNotContain(b64)
                    .doesNotContain(b64.substring(0, 12)).containsPattern("fp [0-9a-f]{8}");
        } else {
            assertThat(s).contains(hex);
        }
    }

    @Test
    void writeCap() {
        fixedLength(168, WriteCap::of, WriteCap::fromBase64, WriteCap::toBytes, WriteCap::toBase64, true);
        assertThat(WriteCap.LENGTH).isEqualTo(168);
    }

    @Test
    void readCap() {
        fixedLength(136, ReadCap::of, ReadCap::fromBase64, ReadCap::toBytes, ReadCap::toBase64, true);
    }

    @Test
    void messageBoxIndex() {
        fixedLength(104, MessageBoxIndex::of, MessageBoxIndex::fromBase64, MessageBoxIndex::toBytes,
                MessageBoxIndex::toBase64, true);
    }

    @Test
    void envelopeHashAndWriteCapHashArePublic() {
        fixedLength(32, EnvelopeHash::of, EnvelopeHash::fromBase64, EnvelopeHash::toBytes, EnvelopeHash::toBase64,
                false);
        fixedLength(32, WriteCapHash::of, WriteCapHash::fromBase64, WriteCapHash::toBytes, WriteCapHash::toBase64,
                false);
    }

    @Test
    void voucherIsSecret() {
        fixedLength(32, Voucher::of, Voucher::fromBase64, Voucher::toBytes, Voucher::toBase64, true);
    }

    @Test
    void differentTypesWithTheSameBytesAreNotEqual() {
        byte[] b = seq(32, 1);
        assertThat((Object) EnvelopeHash.of(b)).isNotEqualTo(WriteCapHash.of(b));
        assertThat((Object) EnvelopeHash.of(b)).isNotEqualTo(Voucher.of(b));
    }

    /** Counter = first 8 bytes little-endian (docs/protocol.md#sizes); bytes from the v0.0.99 capture. */
    @Test
    void counterIsLittleEndianUnsigned() {
        byte[] idx = new byte[104];
        byte[] head = HEX.parseHex("cab11bac166f313c");
        System.arraycopy(head, 0, idx, 0, 8);
        assertThat(MessageBoxIndex.of(idx).counter()).isEqualTo(0x3c316f16ac1bb1caL);
        byte[] next = idx.clone();
        next[0] = (byte) 0xcb; // the capture's next_message_box_index
        assertThat(MessageBoxIndex.of(next).counter()).isEqualTo(MessageBoxIndex.of(idx).counter() + 1);

        byte[] high = new byte[104];
        java.util.Arrays.fill(high, 0, 8, (byte) 0xff);
        assertThat(MessageBoxIndex.of(high).counter()).isEqualTo(-1L); // 2^64-1 as unsigned
        assertThat(Long.toUnsignedString(MessageBoxIndex.of(high).counter())).isEqualTo("18446744073709551615");
        byte[] one = new byte[104];
        one[0] = 1;
        one[8] = 99; // not part of the counter
        assertThat(MessageBoxIndex.of(one).counter()).isEqualTo(1L);
    }

    /** Expected value from Python: hashlib.blake2b(bytes(range(168)), digest_size=32).hexdigest(). */
    @Test
    void writeCapHashIsBlake2b256OfTheCap() {
        WriteCap cap = WriteCap.of(seq(168, 0));
        assertThat(HEX.formatHex(cap.hash().toBytes()))
                .isEqualTo("d244f4ce129ef1c84eb40d30da099a2d65682e025e132b94f630fa3fdbda05af");
        assertThat(WriteCapHash.of(cap)).isEqualTo(cap.hash());
        assertThatThrownBy(() -> WriteCapHash.of((WriteCap) null)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Python: hashlib.blake2b(b'katzenpost-thin-java/fingerprint/v1' + bytes(range(168)), digest_size=32). */
    @Test
    void fingerprintIsDomainSeparatedAndNotTheWireHash() {
        WriteCap cap = WriteCap.of(seq(168, 0));
        assertThat(cap.fingerprint()).isEqualTo("195c0cc9");
        assertThat(cap.toString()).isEqualTo("WriteCap(168 bytes, fp 195c0cc9)");
        assertThat(HEX.formatHex(cap.hash().toBytes())).doesNotStartWith(cap.fingerprint());
    }

    /** The layout the real daemon uses: WriteCap = 32-byte seed ‖ ReadCap; ReadCap = 32-byte key ‖ index. */
    @Test
    void capsCarryTheReadCapAndTheFirstIndex() {
        byte[] w = seq(168, 0);
        WriteCap cap = WriteCap.of(w);
        assertThat(cap.readCap().toBytes()).isEqualTo(java.util.Arrays.copyOfRange(w, 32, 168));
        assertThat(cap.firstIndex().toBytes()).isEqualTo(java.util.Arrays.copyOfRange(w, 64, 168));
        assertThat(cap.readCap().firstIndex()).isEqualTo(cap.firstIndex());
    }

    @Test
    void variableLengthSecrets() {
        assertThatThrownBy(() -> EnvelopeDescriptor.of(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VoucherSecretKey.of(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnvelopeDescriptor.of(null)).isInstanceOf(IllegalArgumentException.class);
        EnvelopeDescriptor d = EnvelopeDescriptor.of(seq(201, 7));
        assertThat(d.length()).isEqualTo(201);
        assertThat(d.toString()).contains("201 bytes").doesNotContain(HEX.formatHex(seq(201, 7)).substring(0, 12));
        assertThat(EnvelopeDescriptor.fromBase64(d.toBase64())).isEqualTo(d);
        VoucherSecretKey k = VoucherSecretKey.of(seq(64, 9));
        assertThat(k.toString()).contains("64 bytes");
        assertThat(VoucherSecretKey.fromBase64(k.toBase64())).isEqualTo(k);
    }

    @Test
    void copyStreamBuffer() {
        assertThat(CopyStreamBuffer.of(null)).isSameAs(CopyStreamBuffer.EMPTY);
        assertThat(CopyStreamBuffer.of(new byte[0])).isSameAs(CopyStreamBuffer.EMPTY);
        assertThat(CopyStreamBuffer.EMPTY.isEmpty()).isTrue();
        CopyStreamBuffer b = CopyStreamBuffer.of(seq(10, 0));
        assertThat(b.isEmpty()).isFalse();
        assertThat(CopyStreamBuffer.fromBase64(b.toBase64())).isEqualTo(b);
        assertThat(CopyStreamBuffer.fromBase64("")).isSameAs(CopyStreamBuffer.EMPTY);
    }

    @Test
    void courier() {
        byte[] id = seq(32, 3);
        Courier c = Courier.of(id, "courier");
        id[0] = 0;
        assertThat(c.identityHash()).isEqualTo(seq(32, 3));
        assertThat(c.queueId()).isEqualTo("courier".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(c).isEqualTo(Courier.of(seq(32, 3), "courier".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(c).isNotEqualTo(Courier.of(seq(32, 3), "other"));
        assertThat(c.toString()).contains(HEX.formatHex(seq(32, 3))).contains("courier");
        assertThatThrownBy(() -> Courier.of(new byte[31], "q")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Courier.of(new byte[32], "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Courier.of(new byte[32], new byte[33])).isInstanceOf(IllegalArgumentException.class);
        assertThat(Courier.of(new byte[32], new byte[32])).isNotNull();
        byte[] key = seq(32, 100);
        assertThat(Courier.of(org.katzenpost.thin.internal.Hashes.blake2b256(key), "q").hasIdentityKey(key)).isTrue();
        assertThat(c.hasIdentityKey(key)).isFalse();
    }

    @Test
    void encryptedMessage() {
        ReadCap rc = ReadCap.of(seq(136, 1));
        WriteCap wc = WriteCap.of(seq(168, 2));
        MessageBoxIndex i0 = MessageBoxIndex.of(seq(104, 3));
        MessageBoxIndex i1 = MessageBoxIndex.of(seq(104, 4));
        byte[] ct = seq(2000, 5);
        EncryptedMessage r = EncryptedMessage.forRead(rc, i0, ct, EnvelopeDescriptor.of(seq(10, 6)),
                EnvelopeHash.of(seq(32, 7)), i1);
        ct[0] = 0;
        assertThat(r.isRead()).isTrue();
        assertThat(r.kind()).isEqualTo(EncryptedMessage.Kind.READ);
        assertThat(r.readCap()).contains(rc);
        assertThat(r.writeCap()).isEmpty();
        assertThat(r.ciphertext()).isEqualTo(seq(2000, 5));
        r.ciphertext()[0] = 0;
        assertThat(r.ciphertext()).isEqualTo(seq(2000, 5));
        assertThat(r.nextIndex()).isEqualTo(i1);
        assertThat(r.toString()).contains("READ").contains(HEX.formatHex(seq(32, 7))).contains("2000-byte")
                .doesNotContain(HEX.formatHex(seq(10, 6)));
        EncryptedMessage w = EncryptedMessage.forWrite(wc, i0, seq(2000, 5), EnvelopeDescriptor.of(seq(10, 6)),
                EnvelopeHash.of(seq(32, 7)), i1);
        assertThat(w.isWrite()).isTrue();
        assertThat(w.writeCap()).contains(wc);
        assertThat(w).isNotEqualTo(r);
        assertThat(w).isEqualTo(EncryptedMessage.forWrite(wc, i0, seq(2000, 5), EnvelopeDescriptor.of(seq(10, 6)),
                EnvelopeHash.of(seq(32, 7)), i1));
        assertThatThrownBy(() -> EncryptedMessage.forRead(rc, i0, new byte[0], EnvelopeDescriptor.of(seq(10, 6)),
                EnvelopeHash.of(seq(32, 7)), i1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EncryptedMessage.forWrite(null, i0, ct, EnvelopeDescriptor.of(seq(10, 6)),
                EnvelopeHash.of(seq(32, 7)), i1)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void resultRecordsCopyTheirBytesAndHideSecrets() {
        byte[] pt = "secret plaintext".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ResendResult rr = new ResendResult(pt, null);
        pt[0] = 'X';
        assertThat(rr.requirePlaintext()).startsWith('s');
        rr.plaintext().orElseThrow()[0] = 'Y';
        assertThat(rr.plaintext().orElseThrow()[0]).isEqualTo((byte) 's');
        assertThat(rr.toString()).doesNotContain("secret").contains("16-byte");
        assertThat(new ResendResult(null, null).plaintext()).isEmpty();
        assertThatThrownBy(() -> new ResendResult(null, null).requirePlaintext())
                .isInstanceOf(IllegalStateException.class);
        assertThat(rr).isEqualTo(new ResendResult("secret plaintext".getBytes(java.nio.charset.StandardCharsets.UTF_8), null));

        byte[] payload = seq(20, 1);
        byte[] pub = seq(32, 2);
        MintedVoucher mv = new MintedVoucher(Voucher.of(seq(32, 3)), payload, WriteCap.of(seq(168, 4)),
                ReadCap.of(seq(136, 5)), VoucherSecretKey.of(seq(32, 6)), pub);
        payload[0] = 0;
        pub[0] = 0;
        assertThat(mv.voucherPayload()).isEqualTo(seq(20, 1));
        assertThat(mv.voucherPublicKey()).isEqualTo(seq(32, 2));
        mv.voucherPayload()[0] = 9;
        assertThat(mv.voucherPayload()).isEqualTo(seq(20, 1));
        assertThat(mv.firstIndex()).isEqualTo(WriteCap.of(seq(168, 4)).firstIndex());
        assertThat(mv.toString()).doesNotContain(HEX.formatHex(seq(32, 3))).doesNotContain(HEX.formatHex(seq(32, 6)));
        assertThat(mv).isEqualTo(new MintedVoucher(Voucher.of(seq(32, 3)), seq(20, 1), WriteCap.of(seq(168, 4)),
                ReadCap.of(seq(136, 5)), VoucherSecretKey.of(seq(32, 6)), seq(32, 2)));

        byte[] sealed = seq(50, 1);
        byte[] salt = seq(32, 2);
        VoucherInduction vi = new VoucherInduction("bob", ReadCap.of(seq(136, 1)), sealed, WriteCap.of(seq(168, 1)),
                ReadCap.of(seq(136, 2)), salt);
        sealed[0] = 0;
        salt[0] = 0;
        assertThat(vi.sealedReply()).isEqualTo(seq(50, 1));
        assertThat(vi.salt()).isEqualTo(seq(32, 2));
        assertThat(vi.toString()).contains("bob").doesNotContain(HEX.formatHex(seq(32, 2)));

        byte[] who = seq(10, 1);
        OpenedVoucher ov = new OpenedVoucher(who, seq(32, 1), WriteCap.of(seq(168, 1)));
        who[0] = 0;
        assertThat(ov.whoReply()).isEqualTo(seq(10, 1));
        assertThat(ov.toString()).contains("10-byte").doesNotContain(HEX.formatHex(seq(10, 1)));

        byte[] cp = seq(100, 1);
        CopyDestination cd = new CopyDestination(cp, WriteCap.of(seq(168, 1)), MessageBoxIndex.of(seq(104, 1)));
        cp[0] = 0;
        assertThat(cd.payload()).isEqualTo(seq(100, 1));
        assertThat(cd.toString()).contains("100-byte");

        byte[] env = seq(30, 1);
        CourierEnvelopes ce = new CourierEnvelopes(List.of(env), CopyStreamBuffer.EMPTY,
                List.of(MessageBoxIndex.of(seq(104, 1))));
        env[0] = 0;
        assertThat(ce.envelope(0)).isEqualTo(seq(30, 1));
        ce.envelopes().get(0)[0] = 0;
        assertThat(ce.envelopes().get(0)).isEqualTo(seq(30, 1));
        assertThat(ce.envelopeCount()).isEqualTo(1);
        assertThat(ce.nextDestIndex()).isEqualTo(MessageBoxIndex.of(seq(104, 1)));
        assertThatThrownBy(() -> new CourierEnvelopes(List.of(), null, List.of()).nextDestIndex())
                .isInstanceOf(IllegalStateException.class);
        assertThat(new CourierEnvelopes(List.of(), null, List.of()).buffer()).isSameAs(CopyStreamBuffer.EMPTY);
    }

    @Test
    void resendOptions() {
        assertThat(ResendOptions.DEFAULT).isEqualTo(new ResendOptions(false, false));
        assertThat(ResendOptions.NO_RETRY_ON_BOX_ID_NOT_FOUND.noRetryOnBoxIdNotFound()).isTrue();
        assertThat(ResendOptions.BOX_ALREADY_EXISTS_AS_ERROR.boxAlreadyExistsAsError()).isTrue();
        assertThat(ResendOptions.DEFAULT.withNoRetryOnBoxIdNotFound(true).withBoxAlreadyExistsAsError(true))
                .isEqualTo(new ResendOptions(true, true));
    }
}
