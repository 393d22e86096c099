package org.katzenpost.testkit.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.pki.PkiDocument;
import org.junit.jupiter.api.Test;

/**
 * Compares SyntheticPki's output with the real kpclientd v0.0.99 capture kept in the thinclient module's test
 * resources: same keys, same key order in both encodings, same descriptor and replica shapes.
 */
class SyntheticMatchesCaptureTest {
    private static final Path DIR = Path.of("../thinclient/src/test/resources/pki");

    private static byte[] real(String name) throws IOException {
        Path p = DIR.resolve(name);
        assumeTrue(Files.exists(p), "capture not found at " + p.toAbsolutePath());
        return Files.readAllBytes(p);
    }

    private static List<Object> keys(Object map) {
        return new ArrayList<>(((Map<?, ?>) map).keySet());
    }

    private static Map<?, ?> map(byte[] cbor) {
        return (Map<?, ?>) CborReader.decode(cbor);
    }

    private static Map<?, ?> descriptor(Map<?, ?> doc, String list) {
        return map((byte[]) ((List<?>) doc.get(list)).get(0));
    }

    @Test
    void canonicalDocumentHasTheSameShapeAsTheFirstEvent() throws IOException {
        Map<?, ?> realDoc = map(real("v0.0.99-new_pki_document_event-payload.cbor"));
        Map<?, ?> synth = map(SyntheticPki.builder().epoch(2494980).layers(3).mixesPerLayer(1).gateways(1)
                .serviceNodes(1, "echo", "+echo", "courier", "courier").replicas(2).build().strippedDocument());
        assertThat(keys(synth)).isEqualTo(keys(realDoc));
        for (String list : new String[] {"GatewayNodes", "ServiceNodes"}) {
            assertThat(keys(descriptor(synth, list))).as(list).isEqualTo(keys(descriptor(realDoc, list)));
        }
        Map<?, ?> realMix = map((byte[]) ((List<?>) ((List<?>) realDoc.get("Topology")).get(0)).get(0));
        Map<?, ?> synthMix = map((byte[]) ((List<?>) ((List<?>) synth.get("Topology")).get(0)).get(0));
        assertThat(keys(synthMix)).isEqualTo(keys(realMix));
        assertThat(keys(((List<?>) synth.get("StorageReplicas")).get(0)))
                .isEqualTo(keys(((List<?>) realDoc.get("StorageReplicas")).get(0)));
        // Same value kinds at every top-level key.
        for (Object k : realDoc.keySet()) {
            Object r = realDoc.get(k);
            Object s = synth.get(k);
            assertThat(s == null ? null : s.getClass()).as("%s", k).isEqualTo(r == null ? null : r.getClass());
        }
        Map<?, ?> realSn = descriptor(realDoc, "ServiceNodes");
        Map<?, ?> synthSn = descriptor(synth, "ServiceNodes");
        assertThat(keys(synthSn.get("KaetzchenAdvertizedData"))).isEqualTo(keys(realSn.get("KaetzchenAdvertizedData")));
        assertThat(((byte[]) synthSn.get("IdentityKey")).length).isEqualTo(((byte[]) realSn.get("IdentityKey")).length);
        assertThat(((byte[]) synthSn.get("LinkKey")).length).isEqualTo(((byte[]) realSn.get("LinkKey")).length);
    }

    @Test
    void defaultModeDocumentHasTheBroadcastsKeyOrder() throws IOException {
        Map<?, ?> realDoc = map(real("v0.0.99-broadcast-new_pki_document_event-payload.cbor"));
        Map<?, ?> synth = map(SyntheticPki.builder().epoch(2494980).canonical(false).build().strippedDocument());
        assertThat(keys(synth)).isEqualTo(keys(realDoc));
        assertThat(keys(((List<?>) synth.get("StorageReplicas")).get(0)))
                .isEqualTo(keys(((List<?>) realDoc.get("StorageReplicas")).get(0)));
    }

    @Test
    void signedWrapperAndAuthoritiesHaveTheSameShape() throws IOException {
        SyntheticPki.Built pki = SyntheticPki.builder().epoch(2494980).build();
        Map<?, ?> realCert = map(real("v0.0.99-get_pki_document_reply-payload.cbor"));
        Map<?, ?> synthCert = map(pki.signedDocument());
        assertThat(keys(synthCert)).isEqualTo(keys(realCert));
        Object realSig = ((Map<?, ?>) realCert.get("Signatures")).values().iterator().next();
        Object synthSig = ((Map<?, ?>) synthCert.get("Signatures")).values().iterator().next();
        assertThat(keys(synthSig)).isEqualTo(keys(realSig));
        assertThat(((byte[]) ((Map<?, ?>) synthSig).get("Payload")).length)
                .isEqualTo(((byte[]) ((Map<?, ?>) realSig).get("Payload")).length);
        assertThat(synthCert.get("Expiration")).isEqualTo(realCert.get("Expiration"));

        Map<?, ?> frame = map(real("v0.0.99-get_directory_authorities_reply-frame.cbor"));
        Object realAuth = ((List<?>) ((Map<?, ?>) frame.get("get_directory_authorities_reply")).get("authorities")).get(0);
        assertThat(keys(pki.directoryAuthorities().get(0))).isEqualTo(keys(realAuth));
        assertThat(pki.directoryAuthorities().get(0).get("wire_kem_scheme")).isEqualTo(((Map<?, ?>) realAuth).get("wire_kem_scheme"));
        assertThat(PkiDocument.parse(pki.strippedDocument()).pkiSignatureScheme())
                .isEqualTo(PkiDocument.parse(real("v0.0.99-new_pki_document_event-payload.cbor")).pkiSignatureScheme());
    }
}
