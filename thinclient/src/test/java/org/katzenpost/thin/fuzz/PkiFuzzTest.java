package org.katzenpost.thin.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Map;
import org.katzenpost.thin.ProtocolViolationException;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.pki.DirectoryAuthority;
import org.katzenpost.thin.pki.PkiDocument;
import org.katzenpost.thin.pki.PkiDocuments;
import org.katzenpost.thin.pki.SignedPkiDocument;

/**
 * Fuzz targets for the PKI parsers. Contract: {@link PkiDocument#parse}, {@link SignedPkiDocument#parse} and
 * {@link DirectoryAuthority#fromWire} return or throw {@link ProtocolViolationException}, nothing else, and a
 * document they accept can be printed, rendered as JSON and queried without any exception.
 */
class PkiFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void pkiDocument(byte[] input) {
        long before = Alloc.now();
        PkiDocument doc;
        try {
            doc = PkiDocument.parse(input);
        } catch (ProtocolViolationException expected) {
            return;
        } finally {
            FuzzChecks.allocationWithin(before, input.length, "PkiDocument.parse", () -> PkiDocument.parse(input));
        }
        exercise(doc);
    }

    @FuzzTest(maxDuration = "60s")
    void signedPkiDocument(byte[] input) {
        long before = Alloc.now();
        SignedPkiDocument signed;
        try {
            signed = SignedPkiDocument.parse(input);
        } catch (ProtocolViolationException expected) {
            return;
        } finally {
            FuzzChecks.allocationWithin(before, input.length, "SignedPkiDocument.parse",
                    () -> SignedPkiDocument.parse(input));
        }
        signed.toString();
        signed.signedMessage();
        signed.signerKeyHashes();
        signed.raw();
        PkiDocument doc;
        try {
            doc = signed.document();
        } catch (ProtocolViolationException expected) {
            return;
        }
        exercise(doc);
    }

    /** The input is one CBOR item: a map is one authority, an array the whole {@code authorities} value. */
    @FuzzTest(maxDuration = "60s")
    @SuppressWarnings("unchecked")
    void directoryAuthority(byte[] input) {
        Object v;
        try {
            v = CborReader.decode(input);
        } catch (CborException expected) {
            return;
        }
        try {
            if (v instanceof Map<?, ?> m) {
                DirectoryAuthority.fromWire((Map<Object, Object>) m).toString();
            } else {
                for (DirectoryAuthority a : DirectoryAuthority.listFromWire(v)) {
                    a.toString();
                }
            }
        } catch (ProtocolViolationException expected) {
            // refused
        }
    }

    private static void exercise(PkiDocument doc) {
        doc.toString();
        doc.raw();
        doc.allNodes();
        for (String capability : doc.capabilities()) {
            doc.services(capability);
        }
        PkiDocuments.prettyPrint(doc);
        PkiDocuments.toJson(doc, true);
        List<?> unused = doc.storageReplicas();
        unused.size();
    }
}
