package org.katzenpost.thin.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.ProtocolViolationException;

/**
 * The one-pass parse of the certificate wrapper agrees with the tree parse on every input: same fields, same
 * raw map, and failure exactly when the tree parse fails.
 */
class SignedPkiFastParseTest {

    private static void assertSame(SignedPkiDocument a, SignedPkiDocument b) {
        assertThat(a.version()).isEqualTo(b.version());
        assertThat(a.expiration()).isEqualTo(b.expiration());
        assertThat(a.keyType()).isEqualTo(b.keyType());
        assertThat(a.certified()).isEqualTo(b.certified());
        assertThat(a.signatures()).isEqualTo(b.signatures());
        assertThat(a.signedMessage()).isEqualTo(b.signedMessage());
        assertThat(a.rawBytes()).isEqualTo(b.rawBytes());
        assertThat(a.toString()).isEqualTo(b.toString());
        assertThat(PkiDocuments.toJson(a.document())).isEqualTo(PkiDocuments.toJson(b.document()));
    }

    /** raw() holds byte arrays, which Map.equals compares by identity: compare the encodings. */
    private static boolean sameRaw(SignedPkiDocument a, SignedPkiDocument b) {
        return java.util.Arrays.equals(TestDocs.encode(a.raw()), TestDocs.encode(b.raw()));
    }

    private static Object outcome(java.util.function.Supplier<SignedPkiDocument> parse) {
        try {
            return parse.get();
        } catch (ProtocolViolationException e) {
            return e;
        }
    }

    @Test
    void theCapturedReplyTakesTheFastPathAndMatchesTheTreeParse() throws IOException {
        byte[] payload = RealCaptureTest.resource("v0.0.99-get_pki_document_reply-payload.cbor");
        SignedPkiDocument fast = SignedPkiDocument.parse(payload);
        assertThat(fast.treeDecoded()).as("parsed without a tree").isFalse();
        SignedPkiDocument tree = SignedPkiDocument.parseTree(payload.clone());
        assertThat(tree.treeDecoded()).isTrue();
        assertThat(sameRaw(fast, tree)).isTrue();
        assertThat(fast.treeDecoded()).isTrue();
        assertSame(fast, tree);
    }

    @Test
    void unusualShapesFallBackToTheTreeParse() {
        Map<Object, Object> base = SignedPkiDocumentTest.certificate(TestDocs.encode(TestDocs.document()), 2);
        Map<Object, Object> extra = new LinkedHashMap<>(base);
        extra.put("Extension", 7L);
        SignedPkiDocument s = SignedPkiDocument.parse(TestDocs.encode(extra));
        assertThat(s.treeDecoded()).isTrue();
        assertThat(s.raw()).containsEntry("Extension", 7L);
        SignedPkiDocument usual = SignedPkiDocument.parse(TestDocs.encode(base));
        assertThat(usual.treeDecoded()).isFalse();
        assertSame(usual, SignedPkiDocument.parseTree(TestDocs.encode(base)));
    }

    @Test
    void mutatedInputsGiveTheSameOutcomeBothWays() {
        byte[] full = TestDocs.encode(SignedPkiDocumentTest.certificate(TestDocs.encode(TestDocs.document()), 3));
        SplittableRandom rnd = new SplittableRandom(11);
        int fastAccepted = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] m = full.clone();
            int flips = 1 + rnd.nextInt(3);
            for (int f = 0; f < flips; f++) {
                // most flips in the wrapper's head and tail, where the fields and signatures are
                int at = rnd.nextBoolean() ? rnd.nextInt(Math.min(64, m.length))
                        : m.length - 1 - rnd.nextInt(Math.min(1200, m.length));
                m[at] ^= (byte) (1 << rnd.nextInt(8));
            }
            Object viaParse = outcome(() -> SignedPkiDocument.parse(m));
            Object viaTree = outcome(() -> SignedPkiDocument.parseTree(m.clone()));
            if (viaTree instanceof ProtocolViolationException) {
                assertThat(viaParse).as("mutation %d", i).isInstanceOf(ProtocolViolationException.class);
            } else {
                assertThat(viaParse).as("mutation %d", i).isInstanceOf(SignedPkiDocument.class);
                SignedPkiDocument p = (SignedPkiDocument) viaParse;
                SignedPkiDocument t = (SignedPkiDocument) viaTree;
                if (!p.treeDecoded()) {
                    fastAccepted++;
                }
                assertThat(p.version()).isEqualTo(t.version());
                assertThat(p.expiration()).isEqualTo(t.expiration());
                assertThat(p.keyType()).isEqualTo(t.keyType());
                assertThat(p.certified()).isEqualTo(t.certified());
                assertThat(p.signatures()).isEqualTo(t.signatures());
                assertThat(sameRaw(p, t)).as("mutation %d: raw()", i).isTrue();
            }
        }
        assertThat(fastAccepted).as("mutations the fast path accepted").isPositive();
    }
}
