package org.katzenpost.testkit.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.katzenpost.thin.Destination;
import org.katzenpost.thin.internal.Hashes;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.pki.ByteKey;
import org.katzenpost.thin.pki.DirectoryAuthority;
import org.katzenpost.thin.pki.MixDescriptor;
import org.katzenpost.thin.pki.PkiDocument;
import org.katzenpost.thin.pki.PkiDocuments;
import org.katzenpost.thin.pki.SignedPkiDocument;
import org.junit.jupiter.api.Test;

class SyntheticPkiTest {

    @Test
    void defaultShapeParses() {
        SyntheticPki.Built pki = SyntheticPki.builder().epoch(12345).mixesPerLayer(2).layers(3).gateways(1)
                .serviceNodes(1, "echo", "+echo", "courier", "courier").replicas(2).sharedRandomCommits(true).build();
        PkiDocument doc = pki.document();
        assertThat(doc.epoch()).isEqualTo(12345);
        assertThat(doc.genesisEpoch()).isEqualTo(12335);
        assertThat(doc.topology()).hasSize(3).allSatisfy(l -> assertThat(l).hasSize(2));
        assertThat(doc.gateways()).extracting(MixDescriptor::name).containsExactly("gateway1");
        assertThat(doc.serviceNodes()).extracting(MixDescriptor::name).containsExactly("servicenode1");
        assertThat(doc.storageReplicas()).hasSize(2);
        assertThat(doc.configuredReplicaIds()).containsExactly(0, 1);
        assertThat(doc.sharedRandomCommit()).hasSize(3);
        assertThat(doc.version()).isEqualTo("v1");
        assertThat(doc.lambdaR()).isEqualTo(0.005);
        assertThat(doc.configuredReplicaIdentityKeys()).hasSize(2);
        assertThat(doc.serviceNodes().get(0).kaetzchenAdvertizedData()).containsOnlyKeys("courier");
        assertThat(doc.gateways().get(0).authenticationType()).isEqualTo("tofu");

        Destination echo = doc.service("echo", new SplittableRandom(1)).orElseThrow().toDestination();
        assertThat(echo.nodeIdHash()).isEqualTo(Hashes.blake2b256(pki.identityKey("servicenode1")));
        assertThat(echo.queueIdText()).contains("+echo");
        assertThat(doc.services("courier")).singleElement().extracting(s -> s.endpoint()).isEqualTo("courier");
        assertThat(PkiDocuments.prettyPrint(doc)).contains("mix6", "servicenode1", "replica2");
    }

    @Test
    void signedFormAndAuthoritiesAgree() {
        SyntheticPki.Built pki = SyntheticPki.builder().epoch(500).authorities(3).signatureSize(4000).sharedRandomCommits(true).build();
        SignedPkiDocument signed = pki.signed();
        assertThat(signed.expiration()).isEqualTo(505);
        assertThat(signed.keyType()).isEqualTo("Ed25519");
        assertThat(signed.certified()).isEqualTo(pki.certifiedDocument());
        assertThat(signed.certified()).isEqualTo(pki.strippedDocument()); // canonical mode: same bytes
        assertThat(signed.document().epoch()).isEqualTo(500);
        assertThat(signed.signatures().values()).allSatisfy(s -> assertThat(s.payload()).hasSize(4000));

        List<DirectoryAuthority> auths = DirectoryAuthority.listFromWire(new ArrayList<>(pki.directoryAuthorities()));
        assertThat(auths).extracting(DirectoryAuthority::identifier).containsExactly("auth1", "auth2", "auth3");
        for (DirectoryAuthority a : auths) {
            assertThat(signed.isSignedBy(a.identityKeyHash())).isTrue();
            assertThat(a.identityKeyHash()).isEqualTo(Hashes.blake2b256(pki.identityKey(a.identifier())));
            assertThat(a.identityPublicKeyPem()).startsWith("-----BEGIN ");
            assertThat(pki.document().sharedRandomCommit()).containsKey(ByteKey.of(a.identityKeyHash()));
        }
    }

    @Test
    void canonicalAndDefaultModesCarryTheSameDocument() {
        SyntheticPki.Builder b = SyntheticPki.builder().epoch(77).seed(3);
        SyntheticPki.Built canonical = b.build();
        SyntheticPki.Built dflt = b.canonical(false).build();
        assertThat(dflt.strippedDocument()).isNotEqualTo(canonical.strippedDocument());
        assertThat(dflt.certifiedDocument()).isEqualTo(canonical.certifiedDocument());
        PkiDocument x = canonical.document();
        PkiDocument y = dflt.document();
        assertThat(PkiDocuments.prettyPrint(y)).isEqualTo(PkiDocuments.prettyPrint(x));
        assertThat(y.sharedRandomCommit().keySet()).isEqualTo(x.sharedRandomCommit().keySet());
        // Default mode keeps Go field order; canonical sorts length-first.
        assertThat(new ArrayList<>(y.raw().keySet())).startsWith("Epoch", "GenesisEpoch", "Mu", "LambdaP");
        assertThat(new ArrayList<>(x.raw().keySet())).startsWith("Mu", "Epoch");
    }

    @Test
    void canonicalFloatsAreShortest() {
        SyntheticPki.Built pki = SyntheticPki.builder().epoch(1).rates(1.0, 0.5, 0.1, 0.25, 65504.0, 1e-7).build();
        byte[] bytes = pki.strippedDocument();
        assertThat(indexOf(bytes, new byte[] {0x62, 'M', 'u', (byte) 0xF9, 0x3C, 0x00})).isNotNegative();
        assertThat(indexOf(bytes, new byte[] {'P', (byte) 0xF9, 0x38, 0x00})).isNotNegative();
        assertThat(indexOf(bytes, new byte[] {'L', (byte) 0xFB})).isNotNegative(); // 0.1 needs float64
        PkiDocument doc = pki.document();
        assertThat(doc.mu()).isEqualTo(1.0);
        assertThat(doc.lambdaP()).isEqualTo(0.5);
        assertThat(doc.lambdaL()).isEqualTo(0.1);
        assertThat(doc.lambdaM()).isEqualTo(0.25);
        assertThat(doc.lambdaG()).isEqualTo(65504.0);
        assertThat(doc.lambdaR()).isEqualTo(1e-7);
    }

    @Test
    void shortestFloatRoundTrips() {
        double[] values = {0.0, -0.0, 1.0, -2.0, 0.5, 65504, 65505, 1e-7, 0x1p-24, 0x1p-25, 0x1p-14, 3.4e38, 1e300,
                Double.MIN_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1f, 0.001};
        for (double v : values) {
            byte[] enc = CborValues.shortestFloat(v);
            double back = (Double) CborReader.decode(enc);
            assertThat(Double.doubleToLongBits(back)).as("%s", v).isEqualTo(Double.doubleToLongBits(v));
        }
        assertThat(CborValues.shortestFloat(1.0)).hasSize(3);
        assertThat(CborValues.shortestFloat(0x1p-24)).hasSize(3);
        assertThat(CborValues.shortestFloat(0.1f)).hasSize(5);
        assertThat(CborValues.shortestFloat(0.1)).hasSize(9);
        assertThat((Double) CborReader.decode(CborValues.shortestFloat(Double.NaN))).isNaN();
    }

    @Test
    void hundredNodeDocument() {
        long t0 = System.nanoTime();
        SyntheticPki.Built pki = SyntheticPki.builder().epoch(SyntheticPki.epochAt(Instant.parse("2026-01-01T00:00:00Z")))
                .layers(3).mixesPerLayer(30).gateways(5).serviceNodes(5, "echo", "+echo", "courier", "courier")
                .replicas(10).signatureSize(64).build();
        PkiDocument doc = pki.document();
        assertThat(doc.allNodes()).hasSize(100);
        assertThat(doc.services("echo")).hasSize(5);
        assertThat(pki.strippedDocument().length).isGreaterThan(100 * 1216);
        assertThat(System.nanoTime() - t0).isLessThan(10_000_000_000L);
        assertThat(doc.epoch()).isEqualTo(SyntheticPki.epochAt(Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Test
    void deterministicPerSeed() {
        assertThat(SyntheticPki.builder().epoch(9).seed(5).build().strippedDocument())
                .isEqualTo(SyntheticPki.builder().epoch(9).seed(5).build().strippedDocument())
                .isNotEqualTo(SyntheticPki.builder().epoch(9).seed(6).build().strippedDocument());
    }

    @Test
    void legacyVariants() {
        SyntheticPki.Built pki = SyntheticPki.builder().epoch(9).legacyKaetzchenKey(true).legacyRateFields(true)
                .lambdaR(false).extraField("FutureField", "x").build();
        PkiDocument doc = pki.document();
        assertThat(doc.services("echo")).hasSize(1);
        assertThat(doc.serviceNodes().get(0).raw()).containsKey("omitempty").doesNotContainKey("Kaetzchen");
        assertThat(doc.sendRatePerMinute()).hasValue(30);
        assertThat(doc.lambdaD()).isPresent();
        assertThat(doc.raw()).containsEntry("FutureField", "x").doesNotContainKey("LambdaR");
    }

    @Test
    void structureMatchesTheDaemonsShape() {
        Map<Object, Object> raw = SyntheticPki.builder().epoch(9).sharedRandomCommits(true).build().document().raw();
        assertThat(((List<?>) raw.get("Topology")).get(0)).asList().allSatisfy(d -> assertThat(d).isInstanceOf(byte[].class));
        assertThat((List<?>) raw.get("GatewayNodes")).allSatisfy(d -> assertThat(d).isInstanceOf(byte[].class));
        assertThat((List<?>) raw.get("ServiceNodes")).allSatisfy(d -> assertThat(d).isInstanceOf(byte[].class));
        assertThat((List<?>) raw.get("StorageReplicas")).allSatisfy(d -> assertThat(d).isInstanceOf(Map.class));
        assertThat(raw.get("ConfiguredReplicaIDs")).isInstanceOf(byte[].class);
        assertThat(((Map<?, ?>) raw.get("SharedRandomCommit")).keySet()).allSatisfy(k -> assertThat(k).isInstanceOf(ByteKey.class));
        assertThat(raw.get("Mu")).isInstanceOf(Double.class);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
