package org.katzenpost.thin.pki;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HexFormat;
import java.util.Map;
import org.katzenpost.thin.internal.Hashes;
import org.junit.jupiter.api.Test;

class PkiDocumentsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void prettyPrintShowsEverythingAndChangesNothing() {
        Map<Object, Object> tree = TestDocs.document();
        PkiDocument doc = PkiDocument.parse(TestDocs.encode(tree));
        Map<Object, Object> before = doc.raw();
        String text = PkiDocuments.prettyPrint(doc);
        assertThat(TestDocs.deepEquals(doc.raw(), before)).isTrue();
        assertThat(TestDocs.deepEquals(doc.raw(), tree)).isTrue();

        assertThat(text).contains("epoch 1000", "genesis 990", "version v1", "Ed25519 Sphincs+");
        assertThat(text).contains("Mu=0.005", "LambdaP=0.001", "LambdaR=6.0E-4");
        assertThat(text).contains("Layer 0", "Layer 1", "Layer 2");
        for (int i = 1; i <= 6; i++) {
            assertThat(text).contains("mix" + i);
        }
        assertThat(text).contains("gateway1", "servicenode1", "replica1", "replica2", "replica id 1");
        assertThat(text).contains("service echo -> endpoint \"+echo\"", "service courier -> endpoint \"courier\"");
        assertThat(text).contains(HEX.formatHex(TestDocs.bytes(32, 902))); // geometry hash in full
        assertThat(text).contains("tcp://127.0.0.1:30001");
        assertThat(text).doesNotContain(HEX.formatHex(TestDocs.bytes(96, 1))); // keys only as prefixes
        assertThat(text.lines().count()).isGreaterThan(15);
    }

    @Test
    void jsonIsValidAndComplete() throws Exception {
        PkiDocument doc = PkiDocument.parse(TestDocs.encode(TestDocs.document()));
        Map<Object, Object> before = doc.raw();
        String json = PkiDocuments.toJson(doc);
        assertThat(TestDocs.deepEquals(doc.raw(), before)).isTrue();
        JsonNode n = new ObjectMapper().readTree(json);
        assertThat(n.get("epoch").asLong()).isEqualTo(1000);
        assertThat(n.get("mu").asDouble()).isEqualTo(0.005);
        assertThat(n.get("topology")).hasSize(3);
        assertThat(n.get("topology").get(0).get(1).get("name").asText()).isEqualTo("mix2");
        JsonNode sn = n.get("serviceNodes").get(0);
        assertThat(sn.get("identityKey").asText()).isEqualTo(HEX.formatHex(TestDocs.bytes(96, 60)));
        assertThat(sn.get("identityKeyHash").asText()).isEqualTo(HEX.formatHex(Hashes.blake2b256(TestDocs.bytes(96, 60))));
        assertThat(sn.get("kaetzchen").get("echo").get("endpoint").asText()).isEqualTo("+echo");
        assertThat(sn.get("mixKeys").get("1000").asText()).hasSize(64);
        assertThat(n.get("services").get("courier").get(0).get("endpoint").asText()).isEqualTo("courier");
        assertThat(n.get("services").get("echo").get(0).get("nodeIdHash").asText())
                .isEqualTo(HEX.formatHex(Hashes.blake2b256(TestDocs.bytes(96, 60))));
        assertThat(n.get("storageReplicas").get(1).get("replicaId").asInt()).isEqualTo(1);
        assertThat(n.get("configuredReplicaIds").toString()).isEqualTo("[0,1]");
        assertThat(n.get("sphinxGeometryHash").asText()).isEqualTo(HEX.formatHex(TestDocs.bytes(32, 902)));
        assertThat(n.get("sharedRandomCommit").has(HEX.formatHex(TestDocs.bytes(32, 800)))).isTrue();
        assertThat(PkiDocuments.toJson(doc, false)).doesNotContain("\n");
    }

    @Test
    void jsonHandlesOddValues() throws Exception {
        Map<Object, Object> tree = TestDocs.document();
        Map<Object, Object> params = new java.util.LinkedHashMap<>();
        params.put("endpoint", "+odd");
        params.put("blob", new byte[] {1, 2});
        params.put("nan", Double.NaN);
        params.put("list", java.util.List.of(1L, "x", true));
        params.put("tagged", new TestDocs.Raw(new byte[] {(byte) 0xC1, 0x01}));
        params.put("nothing", null);
        Map<Object, Object> caps = new java.util.LinkedHashMap<>();
        caps.put("odd", params);
        tree.put("ServiceNodes", java.util.List.of(TestDocs.encode(TestDocs.descriptor("sn", 3, caps, "Kaetzchen"))));
        tree.put("Mu", Double.POSITIVE_INFINITY);
        PkiDocument doc = PkiDocument.parse(TestDocs.encode(tree));
        JsonNode n = new ObjectMapper().readTree(PkiDocuments.toJson(doc));
        JsonNode p = n.get("serviceNodes").get(0).get("kaetzchen").get("odd");
        assertThat(p.get("blob").asText()).isEqualTo("0102");
        assertThat(p.get("nan").asText()).isEqualTo("NaN");
        assertThat(p.get("tagged").get("tag").asInt()).isEqualTo(1);
        assertThat(n.get("mu").asText()).isEqualTo("Infinity");
        assertThat(PkiDocuments.prettyPrint(doc)).contains("service odd -> endpoint \"+odd\"");
    }
}
