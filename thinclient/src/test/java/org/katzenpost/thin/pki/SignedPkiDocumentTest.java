package org.katzenpost.thin.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.katzenpost.thin.ProtocolViolationException;
import org.katzenpost.thin.internal.Hashes;
import org.junit.jupiter.api.Test;

class SignedPkiDocumentTest {

    static Map<Object, Object> certificate(byte[] certified, int signers) {
        Map<Object, Object> sigs = new LinkedHashMap<>();
        for (int i = 0; i < signers; i++) {
            byte[] h = Hashes.blake2b256(TestDocs.bytes(96, 40 + i));
            Map<Object, Object> s = new LinkedHashMap<>();
            s.put("PublicKeySum256", h);
            s.put("Payload", TestDocs.bytes(200, 50 + i));
            sigs.put(ByteKey.of(h), s);
        }
        Map<Object, Object> c = new LinkedHashMap<>();
        c.put("Version", 0L);
        c.put("Expiration", 1005L);
        c.put("KeyType", "Ed25519 Sphincs+");
        c.put("Certified", certified);
        c.put("Signatures", sigs);
        return c;
    }

    @Test
    void parsesWrapperAndDocument() {
        byte[] docBytes = TestDocs.encode(TestDocs.document());
        byte[] signed = TestDocs.encode(certificate(docBytes, 3));
        SignedPkiDocument s = SignedPkiDocument.parse(signed);
        assertThat(s.version()).isZero();
        assertThat(s.expiration()).isEqualTo(1005);
        assertThat(s.keyType()).isEqualTo("Ed25519 Sphincs+");
        assertThat(s.certified()).isEqualTo(docBytes);
        assertThat(s.rawBytes()).isEqualTo(signed);
        assertThat(s.signerKeyHashes()).hasSize(3)
                .first().isEqualTo(ByteKey.of(Hashes.blake2b256(TestDocs.bytes(96, 40))));
        assertThat(s.isSignedBy(Hashes.blake2b256(TestDocs.bytes(96, 41)))).isTrue();
        assertThat(s.isSignedBy(new byte[32])).isFalse();
        // a key (96 bytes) where its hash belongs is the caller's mix-up, not "not signed"
        assertThatThrownBy(() -> s.isSignedBy(TestDocs.bytes(96, 41))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32").hasMessageContaining("96");
        assertThatThrownBy(() -> s.isSignedBy(new byte[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> s.isSignedBy(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("identityKeyHash");
        SignedPkiDocument.Signature sig = s.signatures().values().iterator().next();
        assertThat(sig.payload()).isEqualTo(TestDocs.bytes(200, 50));
        assertThat(s.document().epoch()).isEqualTo(1000);
        assertThat(s.document()).isSameAs(s.document());
        assertThat(s.document().services("echo")).hasSize(1);
        assertThat(s.toString()).contains("Ed25519 Sphincs+").doesNotContain(java.util.HexFormat.of().formatHex(sig.payload()));

        byte[] kt = "Ed25519 Sphincs+".getBytes(StandardCharsets.UTF_8);
        ByteBuffer expected = ByteBuffer.allocate(12 + kt.length + docBytes.length).order(ByteOrder.LITTLE_ENDIAN);
        expected.putInt(0).putLong(1005).put(kt).put(docBytes);
        assertThat(s.signedMessage()).isEqualTo(expected.array());
        assertThat(s.raw()).containsKeys("Version", "Expiration", "KeyType", "Certified", "Signatures");
    }

    @Test
    void acceptsOldPayloadKeyAndNoSignatures() {
        Map<Object, Object> c = certificate(TestDocs.encode(TestDocs.document()), 0);
        c.put("Payload", c.remove("Certified"));
        c.put("Signatures", null);
        SignedPkiDocument s = SignedPkiDocument.parse(TestDocs.encode(c));
        assertThat(s.signerKeyHashes()).isEmpty();
        assertThat(s.document().epoch()).isEqualTo(1000);
    }

    @Test
    void malformedWrappers() {
        assertThatThrownBy(() -> SignedPkiDocument.parse(new byte[0])).isInstanceOf(ProtocolViolationException.class);
        assertThatThrownBy(() -> SignedPkiDocument.parse(new byte[] {(byte) 0xA0}))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("Certified");
        Map<Object, Object> base = certificate(TestDocs.encode(TestDocs.document()), 2);
        List<Object> wrong = List.of("x", 7L, -1L, 2.5, false, new byte[3], List.of(), Map.of("a", 1L), Map.of(1L, "b"));
        for (Object key : base.keySet()) {
            for (Object w : wrong) {
                Map<Object, Object> c = new LinkedHashMap<>(base);
                c.put(key, w);
                try {
                    SignedPkiDocument s = SignedPkiDocument.parse(TestDocs.encode(c));
                    s.document();
                } catch (ProtocolViolationException expected) {
                    // fine
                }
            }
        }
        Map<Object, Object> c = new LinkedHashMap<>(base);
        c.put("Version", 1L << 33);
        assertThatThrownBy(() -> SignedPkiDocument.parse(TestDocs.encode(c))).isInstanceOf(ProtocolViolationException.class);
        c.put("Version", 0L);
        c.put("Signatures", Map.of("text key", Map.of()));
        assertThatThrownBy(() -> SignedPkiDocument.parse(TestDocs.encode(c))).isInstanceOf(ProtocolViolationException.class);
        // A wrapper around garbage parses; the document inside does not.
        c.put("Signatures", Map.of());
        c.put("Certified", new byte[] {(byte) 0xFF});
        SignedPkiDocument s = SignedPkiDocument.parse(TestDocs.encode(c));
        assertThatThrownBy(s::document).isInstanceOf(ProtocolViolationException.class);

        SplittableRandom rnd = new SplittableRandom(9);
        byte[] full = TestDocs.encode(base);
        for (int i = 0; i < 500; i++) {
            byte[] m = full.clone();
            m[rnd.nextInt(m.length)] ^= (byte) (1 << rnd.nextInt(8));
            try {
                SignedPkiDocument.parse(m).document();
            } catch (ProtocolViolationException expected) {
                // fine
            }
        }
    }
}
