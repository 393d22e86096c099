package org.katzenpost.thin.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.katzenpost.thin.Destination;
import org.katzenpost.thin.ProtocolViolationException;
import org.katzenpost.thin.internal.Hashes;
import org.junit.jupiter.api.Test;

class PkiDocumentTest {

    @Test
    void parsesAllFields() {
        PkiDocument doc = PkiDocument.parse(TestDocs.encode(TestDocs.document()));
        assertThat(doc.epoch()).isEqualTo(1000);
        assertThat(doc.genesisEpoch()).isEqualTo(990);
        assertThat(doc.mu()).isEqualTo(0.005);
        assertThat(doc.lambdaP()).isEqualTo(0.001);
        assertThat(doc.lambdaL()).isEqualTo(0.0005);
        assertThat(doc.lambdaR()).isEqualTo(0.0006);
        assertThat(doc.lambdaM()).isEqualTo(0.0002);
        assertThat(doc.lambdaG()).isEqualTo(0.0003);
        assertThat(doc.sendRatePerMinute()).isEmpty();
        assertThat(doc.lambdaD()).isEmpty();
        assertThat(doc.topology()).hasSize(3);
        assertThat(doc.topology().get(2)).extracting(MixDescriptor::name).containsExactly("mix5", "mix6");
        assertThat(doc.gateways()).extracting(MixDescriptor::name).containsExactly("gateway1");
        assertThat(doc.gateways().get(0).isGatewayNode()).isTrue();
        assertThat(doc.serviceNodes()).extracting(MixDescriptor::name).containsExactly("servicenode1");
        assertThat(doc.storageReplicas()).extracting(ReplicaDescriptor::name).containsExactly("replica1", "replica2");
        assertThat(doc.storageReplicas().get(1).replicaId()).isEqualTo(1);
        assertThat(doc.storageReplicas().get(1).envelopeKeys()).containsOnlyKeys(333L);
        assertThat(doc.configuredReplicaIds()).containsExactly(0, 1);
        assertThat(doc.sharedRandomCommit()).hasSize(2);
        assertThat(doc.sharedRandomReveal()).containsOnlyKeys(ByteKey.of(TestDocs.bytes(32, 800)));
        assertThat(doc.sharedRandomValue()).isEqualTo(TestDocs.bytes(32, 900));
        assertThat(doc.priorSharedRandom()).hasSize(1);
        assertThat(doc.sphinxGeometryHash()).isEqualTo(TestDocs.bytes(32, 902));
        assertThat(doc.version()).isEqualTo("v1");
        assertThat(doc.pkiSignatureScheme()).isEqualTo("Ed25519 Sphincs+");
        assertThat(doc.allNodes()).hasSize(8);

        MixDescriptor mix1 = doc.topology().get(0).get(0);
        assertThat(mix1.identityKey()).isEqualTo(TestDocs.bytes(96, 1));
        assertThat(mix1.mixKeys()).containsOnlyKeys(1000L, 1001L);
        assertThat(mix1.addresses()).containsEntry("tcp", List.of("tcp://127.0.0.1:30001"));
        assertThat(mix1.kaetzchen()).isEmpty();
        assertThat(mix1.toString()).contains("mix1").doesNotContain(HexFormat.of().formatHex(TestDocs.bytes(96, 1)));
        assertThat(doc.nodeByIdentityKeyHash(mix1.identityKeyHash())).containsSame(mix1);
        assertThat(doc.nodeByIdentityKeyHash(new byte[32])).isEmpty();
        // the key itself where its hash belongs is the caller's mix-up, not "no such node"
        assertThatThrownBy(() -> doc.nodeByIdentityKeyHash(mix1.identityKey()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32").hasMessageContaining("96");
        assertThatThrownBy(() -> doc.nodeByIdentityKeyHash(new byte[31])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 31");
        assertThatThrownBy(() -> doc.nodeByIdentityKeyHash(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("idHash");
        assertThat(doc.toString()).contains("epoch=1000");
    }

    @Test
    void findsServicesAndDestinations() {
        PkiDocument doc = PkiDocument.parse(TestDocs.encode(TestDocs.document()));
        assertThat(doc.capabilities()).containsExactly("courier", "echo");
        List<ServiceDescriptor> echo = doc.services("echo");
        assertThat(echo).hasSize(1);
        assertThat(echo.get(0).endpoint()).isEqualTo("+echo");
        assertThat(echo.get(0).node().name()).isEqualTo("servicenode1");
        Destination d = echo.get(0).toDestination();
        assertThat(d.nodeIdHash()).isEqualTo(Hashes.blake2b256(TestDocs.bytes(96, 60)));
        assertThat(d.queueId()).isEqualTo("+echo".getBytes(StandardCharsets.UTF_8));
        assertThat(doc.service("courier", new SplittableRandom(1))).hasValueSatisfying(s -> {
            assertThat(s.endpoint()).isEqualTo("courier");
            assertThat(s.toDestination().nodeIdHash()).isEqualTo(d.nodeIdHash());
        });
        assertThat(doc.services("nope")).isEmpty();
        assertThat(doc.service("nope", new SplittableRandom(1))).isEmpty();
    }

    @Test
    void randomServiceSelectionCoversAllNodes() {
        Map<Object, Object> tree = TestDocs.document();
        List<Object> svcs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            svcs.add(TestDocs.encode(TestDocs.descriptor("sn" + i, 70 + i, TestDocs.services("echo", "e" + i), "Kaetzchen")));
        }
        tree.put("ServiceNodes", svcs);
        PkiDocument doc = PkiDocument.parse(TestDocs.encode(tree));
        assertThat(doc.services("echo")).hasSize(4);
        SplittableRandom rnd = new SplittableRandom(42);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(doc.service("echo", rnd).orElseThrow().endpoint());
        }
        assertThat(seen).containsExactlyInAnyOrder("e0", "e1", "e2", "e3");
    }

    @Test
    void legacyOmitemptyKaetzchenKey() {
        PkiDocument doc = PkiDocument.parse(TestDocs.encode(TestDocs.document("omitempty")));
        assertThat(doc.services("echo")).extracting(ServiceDescriptor::endpoint).containsExactly("+echo");
        assertThat(doc.serviceNodes().get(0).kaetzchen()).containsOnlyKeys("echo", "courier");
    }

    @Test
    void kaetzchenWinsOverOmitempty() {
        Map<Object, Object> d = TestDocs.descriptor("sn", 1, TestDocs.services("echo", "new"), "Kaetzchen");
        d.put("omitempty", TestDocs.services("echo", "old"));
        MixDescriptor m = MixDescriptor.parse(TestDocs.encode(d));
        assertThat(m.endpoint("echo")).contains("new");
    }

    @Test
    void unaddressableEndpointsAreSkipped() {
        Map<Object, Object> tree = TestDocs.document();
        Map<Object, Object> caps = TestDocs.services("echo", "x".repeat(33), "empty", "", "ok", "fine");
        Map<Object, Object> notText = new LinkedHashMap<>();
        notText.put("endpoint", 5L);
        caps.put("weird", notText);
        caps.put("none", new LinkedHashMap<>());
        tree.put("ServiceNodes", List.of(TestDocs.encode(TestDocs.descriptor("sn", 1, caps, "Kaetzchen"))));
        PkiDocument doc = PkiDocument.parse(TestDocs.encode(tree));
        assertThat(doc.services("echo")).isEmpty();
        assertThat(doc.services("empty")).isEmpty();
        assertThat(doc.services("weird")).isEmpty();
        assertThat(doc.services("none")).isEmpty();
        assertThat(doc.services("ok")).hasSize(1);
        ServiceDescriptor bad = new ServiceDescriptor("echo", "x".repeat(33), doc.serviceNodes().get(0));
        assertThatThrownBy(bad::toDestination).isInstanceOf(ProtocolViolationException.class);
    }

    @Test
    void missingKeysReadAsZeroOrEmpty() {
        PkiDocument doc = PkiDocument.parse(new byte[] {(byte) 0xA0});
        assertThat(doc.epoch()).isZero();
        assertThat(doc.mu()).isZero();
        assertThat(doc.topology()).isEmpty();
        assertThat(doc.gateways()).isEmpty();
        assertThat(doc.serviceNodes()).isEmpty();
        assertThat(doc.storageReplicas()).isEmpty();
        assertThat(doc.configuredReplicaIds()).isEmpty();
        assertThat(doc.sharedRandomValue()).isEmpty();
        assertThat(doc.sphinxGeometryHash()).isEmpty();
        assertThat(doc.version()).isEmpty();
        assertThat(doc.services("echo")).isEmpty();
        assertThat(PkiDocuments.prettyPrint(doc)).contains("epoch 0");
        assertThat(PkiDocuments.toJson(doc)).contains("\"epoch\" : 0");
    }

    @Test
    void nullsReadAsEmpty() {
        Map<Object, Object> tree = TestDocs.document();
        for (Object k : new ArrayList<>(tree.keySet())) {
            tree.put(k, null);
        }
        PkiDocument doc = PkiDocument.parse(TestDocs.encode(tree));
        assertThat(doc.topology()).isEmpty();
        assertThat(doc.raw()).hasSize(tree.size());
    }

    @Test
    void unknownKeysIgnoredButKeptInRaw() {
        Map<Object, Object> tree = TestDocs.document();
        tree.put("FutureField", List.of(1L, "two"));
        tree.put(7L, "integer key");
        Map<Object, Object> legacy = new LinkedHashMap<>();
        legacy.put(3L, Map.of(1L, new byte[] {1}));
        tree.put("ReplicaEnvelopeKeys", legacy);
        PkiDocument doc = PkiDocument.parse(TestDocs.encode(tree));
        Map<Object, Object> raw = doc.raw();
        assertThat(raw.get("FutureField")).isEqualTo(List.of(1L, "two"));
        assertThat(raw.get(7L)).isEqualTo("integer key");
        assertThat(raw).containsKey("ReplicaEnvelopeKeys");
        assertThat(new ArrayList<>(raw.keySet())).isEqualTo(new ArrayList<>(tree.keySet()));
    }

    @Test
    void rawIsLosslessAndImmutable() {
        Map<Object, Object> tree = TestDocs.document();
        byte[] bytes = TestDocs.encode(tree);
        PkiDocument doc = PkiDocument.parse(bytes);
        Map<Object, Object> raw = doc.raw();
        // Byte-string keys survive as ByteKey, wire order kept.
        @SuppressWarnings("unchecked")
        Map<Object, Object> commit = (Map<Object, Object>) raw.get("SharedRandomCommit");
        assertThat(commit.keySet()).containsExactly(ByteKey.of(TestDocs.bytes(32, 800)), ByteKey.of(TestDocs.bytes(32, 802)));
        assertThat(TestDocs.deepEquals(raw, tree)).isTrue();
        // Re-encoding the raw map gives the original bytes back.
        assertThat(TestDocs.encode(raw)).isEqualTo(bytes);
        assertThat(doc.encoded()).isEqualTo(bytes);

        assertThatThrownBy(() -> raw.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        ((byte[]) raw.get("SphinxGeometryHash"))[0] ^= 1;
        assertThat(doc.sphinxGeometryHash()).isEqualTo(TestDocs.bytes(32, 902));
        assertThat(TestDocs.deepEquals(doc.raw(), tree)).isTrue();
        doc.sharedRandomValue()[0] ^= 1;
        doc.serviceNodes().get(0).identityKey()[0] ^= 1;
        doc.serviceNodes().get(0).mixKeys().values().iterator().next()[0] ^= 1;
        bytes[5] ^= 1;
        assertThat(TestDocs.deepEquals(doc.raw(), tree)).isTrue();
        assertThat(doc.encoded()).isEqualTo(TestDocs.encode(tree));
        assertThatThrownBy(() -> doc.topology().add(List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> doc.serviceNodes().get(0).kaetzchen().get("echo").put("endpoint", "x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void halfAndSinglePrecisionFloatsAndIntegerRates() {
        // {"Mu": half 1.0, "LambdaP": half 0.5, "LambdaL": single 0.25, "LambdaM": double 0.125, "LambdaG": 3, "LambdaR": half 2^-24}
        Map<Object, Object> tree = new LinkedHashMap<>();
        tree.put("Mu", new TestDocs.Raw(new byte[] {(byte) 0xF9, 0x3C, 0x00}));
        tree.put("LambdaP", new TestDocs.Raw(new byte[] {(byte) 0xF9, 0x38, 0x00}));
        tree.put("LambdaL", new TestDocs.Raw(new byte[] {(byte) 0xFA, 0x3E, (byte) 0x80, 0x00, 0x00}));
        tree.put("LambdaM", 0.125);
        tree.put("LambdaG", 3L);
        tree.put("LambdaR", new TestDocs.Raw(new byte[] {(byte) 0xF9, 0x00, 0x01}));
        PkiDocument doc = PkiDocument.parse(TestDocs.encode(tree));
        assertThat(doc.mu()).isEqualTo(1.0);
        assertThat(doc.lambdaP()).isEqualTo(0.5);
        assertThat(doc.lambdaL()).isEqualTo(0.25);
        assertThat(doc.lambdaM()).isEqualTo(0.125);
        assertThat(doc.lambdaG()).isEqualTo(3.0);
        assertThat(doc.lambdaR()).isEqualTo(0x1p-24);
    }

    @Test
    void legacyRateFields() {
        Map<Object, Object> tree = TestDocs.document();
        tree.put("SendRatePerMinute", 30L);
        tree.put("LambdaD", 0.0005);
        tree.put("LambdaDMaxDelay", 3000L);
        tree.put("MuMaxDelay", 1000L);
        PkiDocument doc = PkiDocument.parse(TestDocs.encode(tree));
        assertThat(doc.sendRatePerMinute()).hasValue(30);
        assertThat(doc.lambdaD()).hasValue(0.0005);
        assertThat(doc.legacyMaxDelays()).containsEntry("LambdaDMaxDelay", 3000L).containsEntry("MuMaxDelay", 1000L);
        assertThat(PkiDocuments.prettyPrint(doc)).contains("SendRatePerMinute=30");
    }

    @Test
    void toleratesInlineDescriptorsAndArrayReplicaIds() {
        Map<Object, Object> tree = TestDocs.document();
        tree.put("GatewayNodes", List.of(TestDocs.descriptor("gateway1", 50, null, "Kaetzchen")));
        tree.put("ConfiguredReplicaIDs", List.of(0L, 1L, 2L));
        PkiDocument doc = PkiDocument.parse(TestDocs.encode(tree));
        assertThat(doc.gateways().get(0).name()).isEqualTo("gateway1");
        assertThat(doc.configuredReplicaIds()).containsExactly(0, 1, 2);
    }

    // ------------------------------------------------------------------ malformed input

    private static final List<Object> WRONG_VALUES = List.of(
            "text", 5L, -5L, new BigInteger("18446744073709551615"), 1.5, true, new byte[] {1, 2},
            List.of(1L, "x"), List.of(List.of(3L)), Map.of("k", "v"), Map.of(1L, 2L),
            new TestDocs.Raw(new byte[] {(byte) 0xC1, 0x01}), // tag 1
            new TestDocs.Raw(new byte[] {(byte) 0xE0}), // simple(0)
            new TestDocs.Raw(new byte[] {(byte) 0xF7})); // undefined

    private static void parsesOrViolation(byte[] bytes, String what) {
        try {
            PkiDocument doc = PkiDocument.parse(bytes);
            // Whatever parsed must also render without failing.
            PkiDocuments.prettyPrint(doc);
            PkiDocuments.toJson(doc);
            for (String cap : doc.capabilities()) {
                for (ServiceDescriptor s : doc.services(cap)) {
                    s.toDestination();
                }
            }
        } catch (ProtocolViolationException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        } catch (Throwable t) {
            fail(what + ": unexpected " + t, t);
        }
    }

    @Test
    void wrongTypeAtEveryTopLevelKey() {
        Map<Object, Object> base = TestDocs.document();
        for (Object key : base.keySet()) {
            for (Object wrong : WRONG_VALUES) {
                Map<Object, Object> tree = new LinkedHashMap<>(base);
                tree.put(key, wrong);
                parsesOrViolation(TestDocs.encode(tree), key + "=" + wrong);
            }
        }
    }

    @Test
    void wrongTypeGivesAClearMessage() {
        Map<Object, Object> tree = TestDocs.document();
        tree.put("Epoch", "soon");
        assertThatThrownBy(() -> PkiDocument.parse(TestDocs.encode(tree)))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("Epoch").hasMessageContaining("unsigned integer").hasMessageContaining("text");
        tree.put("Epoch", 1L);
        tree.put("Topology", List.of(List.of("not bytes")));
        assertThatThrownBy(() -> PkiDocument.parse(TestDocs.encode(tree)))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("Topology[0][0]");
    }

    @Test
    void wrongTypeAtEveryDescriptorAndReplicaKey() {
        Map<Object, Object> desc = TestDocs.descriptor("sn", 1, TestDocs.services("echo", "+echo"), "Kaetzchen");
        for (Object key : desc.keySet()) {
            for (Object wrong : WRONG_VALUES) {
                Map<Object, Object> d = new LinkedHashMap<>(desc);
                d.put(key, wrong);
                Map<Object, Object> tree = TestDocs.document();
                tree.put("ServiceNodes", List.of(TestDocs.encode(d)));
                parsesOrViolation(TestDocs.encode(tree), "descriptor " + key + "=" + wrong);
                tree.put("ServiceNodes", List.of(d));
                parsesOrViolation(TestDocs.encode(tree), "inline descriptor " + key + "=" + wrong);
            }
        }
        // Nested shapes inside descriptors.
        for (Object wrong : WRONG_VALUES) {
            Map<Object, Object> d = new LinkedHashMap<>(desc);
            d.put("Kaetzchen", Map.of("echo", wrong));
            Map<Object, Object> tree = TestDocs.document();
            tree.put("ServiceNodes", List.of(TestDocs.encode(d)));
            parsesOrViolation(TestDocs.encode(tree), "Kaetzchen.echo=" + wrong);
            d.put("Kaetzchen", Map.of("echo", Map.of("endpoint", wrong)));
            tree.put("ServiceNodes", List.of(TestDocs.encode(d)));
            parsesOrViolation(TestDocs.encode(tree), "Kaetzchen.echo.endpoint=" + wrong);
            d.put("MixKeys", Map.of(1L, wrong));
            tree.put("ServiceNodes", List.of(TestDocs.encode(d)));
            parsesOrViolation(TestDocs.encode(tree), "MixKeys[1]=" + wrong);
            d.put("Addresses", Map.of("tcp", List.of(wrong)));
            tree.put("ServiceNodes", List.of(TestDocs.encode(d)));
            parsesOrViolation(TestDocs.encode(tree), "Addresses.tcp[0]=" + wrong);
        }
        Map<Object, Object> rep = TestDocs.replica("r", 3);
        for (Object key : rep.keySet()) {
            for (Object wrong : WRONG_VALUES) {
                Map<Object, Object> r = new LinkedHashMap<>(rep);
                r.put(key, wrong);
                Map<Object, Object> tree = TestDocs.document();
                tree.put("StorageReplicas", List.of(r));
                parsesOrViolation(TestDocs.encode(tree), "replica " + key + "=" + wrong);
            }
        }
        for (Object wrong : WRONG_VALUES) {
            Map<Object, Object> tree = TestDocs.document();
            tree.put("StorageReplicas", List.of(wrong));
            parsesOrViolation(TestDocs.encode(tree), "StorageReplicas[0]=" + wrong);
            tree.put("Topology", List.of(List.of(wrong)));
            parsesOrViolation(TestDocs.encode(tree), "Topology[0][0]=" + wrong);
            tree.put("Topology", List.of(wrong));
            parsesOrViolation(TestDocs.encode(tree), "Topology[0]=" + wrong);
            Map<Object, Object> commit = new LinkedHashMap<>();
            commit.put(wrong instanceof TestDocs.Raw ? "k" : wrong, new byte[1]);
            tree.put("SharedRandomCommit", commit);
            parsesOrViolation(TestDocs.encode(tree), "SharedRandomCommit key=" + wrong);
            tree.put("PriorSharedRandom", List.of(wrong));
            parsesOrViolation(TestDocs.encode(tree), "PriorSharedRandom[0]=" + wrong);
        }
    }

    @Test
    void outOfRangeSmallIntegers() {
        Map<Object, Object> rep = TestDocs.replica("r", 3);
        rep.put("ReplicaID", 256L);
        Map<Object, Object> tree = TestDocs.document();
        tree.put("StorageReplicas", List.of(rep));
        assertThatThrownBy(() -> PkiDocument.parse(TestDocs.encode(tree)))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("ReplicaID");
        tree.put("StorageReplicas", List.of());
        tree.put("Epoch", new TestDocs.Raw(new byte[] {0x1B, (byte) 0xFF, 0, 0, 0, 0, 0, 0, 0}));
        assertThatThrownBy(() -> PkiDocument.parse(TestDocs.encode(tree)))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("Epoch");
    }

    @Test
    void nonMapDocumentsAndEmptyInput() {
        for (Object top : WRONG_VALUES) {
            if (top instanceof Map) {
                continue;
            }
            assertThatThrownBy(() -> PkiDocument.parse(TestDocs.encode(top)))
                    .isInstanceOf(ProtocolViolationException.class);
        }
        assertThatThrownBy(() -> PkiDocument.parse(new byte[0])).isInstanceOf(ProtocolViolationException.class);
        assertThatThrownBy(() -> PkiDocument.parse(null)).isInstanceOf(ProtocolViolationException.class);
        assertThatThrownBy(() -> PkiDocument.parse(new byte[] {(byte) 0xA0, 0x00}))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("trailing");
        // Duplicate keys.
        byte[] dup = {(byte) 0xA2, 0x65, 'E', 'p', 'o', 'c', 'h', 0x01, 0x65, 'E', 'p', 'o', 'c', 'h', 0x02};
        assertThatThrownBy(() -> PkiDocument.parse(dup)).isInstanceOf(ProtocolViolationException.class);
    }

    @Test
    void everyTruncationIsAViolation() {
        byte[] full = TestDocs.encode(TestDocs.document());
        for (int n = 1; n < full.length; n += (n < 400 ? 1 : 37)) {
            byte[] cut = java.util.Arrays.copyOf(full, n);
            assertThatThrownBy(() -> PkiDocument.parse(cut)).as("prefix %d", n)
                    .isInstanceOf(ProtocolViolationException.class);
        }
    }

    @Test
    void randomBytesAndBitFlips() {
        SplittableRandom rnd = new SplittableRandom(1234);
        for (int i = 0; i < 3000; i++) {
            byte[] junk = new byte[rnd.nextInt(1, 200)];
            rnd.nextBytes(junk);
            if (i % 3 == 0) {
                junk[0] = (byte) (0xA0 | rnd.nextInt(0, 28)); // start like a map
            }
            parsesOrViolation(junk, "random #" + i);
        }
        byte[] full = TestDocs.encode(TestDocs.document());
        for (int i = 0; i < 1500; i++) {
            byte[] m = full.clone();
            for (int j = rnd.nextInt(1, 4); j > 0; j--) {
                m[rnd.nextInt(m.length)] ^= (byte) (1 << rnd.nextInt(8));
            }
            parsesOrViolation(m, "bit flip #" + i);
        }
    }

    @Test
    void deepNestingIsAViolation() {
        byte[] deep = new byte[10_000];
        deep[0] = (byte) 0xA1;
        deep[1] = 0x61;
        deep[2] = 'x';
        java.util.Arrays.fill(deep, 3, deep.length, (byte) 0x81);
        assertThatThrownBy(() -> PkiDocument.parse(deep)).isInstanceOf(ProtocolViolationException.class);
        byte[] hugeLen = {(byte) 0xA1, 0x61, 'x', 0x5B, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertThatThrownBy(() -> PkiDocument.parse(hugeLen)).isInstanceOf(ProtocolViolationException.class);
    }
}
