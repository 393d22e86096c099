package org.katzenpost.thin.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.katzenpost.thin.Destination;
import org.katzenpost.thin.internal.Hashes;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.junit.jupiter.api.Test;

/**
 * Parses frames captured from a real kpclientd v0.0.99 (see fixtures/daemon-v0.0.99 in the repository root; the
 * payloads were copied out of the frames into src/test/resources/pki).
 */
class RealCaptureTest {
    static final long EPOCH = 2494980;

    static byte[] resource(String name) throws IOException {
        try (InputStream in = RealCaptureTest.class.getResourceAsStream("/pki/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    static PkiDocument firstEventDocument() throws IOException {
        return PkiDocument.parse(resource("v0.0.99-new_pki_document_event-payload.cbor"));
    }

    @Test
    void firstEventDocument_canonical() throws IOException {
        PkiDocument doc = firstEventDocument();
        checkCommonContent(doc);
        // Canonical: keys length-first.
        assertThat(new ArrayList<>(doc.raw().keySet())).startsWith("Mu", "Epoch", "LambdaG", "LambdaL");
    }

    @Test
    void broadcastDocument_defaultModeSameContent() throws IOException {
        PkiDocument doc = PkiDocument.parse(resource("v0.0.99-broadcast-new_pki_document_event-payload.cbor"));
        checkCommonContent(doc);
        // Default mode: Go struct-field order (note LambdaR after LambdaG).
        assertThat(new ArrayList<>(doc.raw().keySet())).containsExactly(
                "Epoch", "GenesisEpoch", "Mu", "LambdaP", "LambdaL", "LambdaM", "LambdaG", "LambdaR", "Topology",
                "GatewayNodes", "ServiceNodes", "StorageReplicas", "ConfiguredReplicaIDs",
                "ConfiguredReplicaIdentityKeys", "SharedRandomCommit", "SharedRandomReveal", "SharedRandomValue",
                "PriorSharedRandom", "SphinxGeometryHash", "Version", "PKISignatureScheme");
        assertThat(PkiDocuments.toJson(doc)).isEqualTo(PkiDocuments.toJson(firstEventDocument()));
    }

    private static void checkCommonContent(PkiDocument doc) {
        assertThat(doc.epoch()).isEqualTo(EPOCH);
        assertThat(doc.genesisEpoch()).isEqualTo(2494978);
        assertThat(doc.mu()).isEqualTo(0.005);
        assertThat(doc.lambdaP()).isEqualTo(0.001);
        assertThat(doc.lambdaL()).isEqualTo(0.0005);
        assertThat(doc.lambdaM()).isEqualTo(0.0005);
        assertThat(doc.lambdaG()).isEqualTo(0.0015);
        assertThat(doc.lambdaR()).isEqualTo(0.005);
        assertThat(doc.sendRatePerMinute()).isEmpty();
        assertThat(doc.version()).isEqualTo("v1");
        assertThat(doc.pkiSignatureScheme()).isEqualTo("Ed25519");
        assertThat(doc.topology()).hasSize(3);
        assertThat(doc.topology()).extracting(l -> l.get(0).name()).containsExactly("mix1", "mix2", "mix3");
        assertThat(doc.gateways()).extracting(MixDescriptor::name).containsExactly("gateway1");
        assertThat(doc.serviceNodes()).extracting(MixDescriptor::name).containsExactly("servicenode1");
        assertThat(doc.raw()).hasSize(21);

        MixDescriptor mix1 = doc.topology().get(0).get(0);
        assertThat(mix1.identityKey()).hasSize(32);
        assertThat(mix1.linkKey()).hasSize(1216);
        assertThat(mix1.mixKeys()).hasSize(3).allSatisfy((e, k) -> assertThat(k).hasSize(32));
        assertThat(mix1.addresses()).containsOnlyKeys("tcp4");
        assertThat(mix1.version()).isEmpty(); // descriptors carry an empty Version
        assertThat(mix1.kaetzchen()).isEmpty();
        MixDescriptor gw = doc.gateways().get(0);
        assertThat(gw.isGatewayNode()).isTrue();
        assertThat(gw.authenticationType()).isEqualTo("tofu");

        MixDescriptor sn = doc.serviceNodes().get(0);
        assertThat(sn.isServiceNode()).isTrue();
        assertThat(sn.kaetzchen()).containsOnlyKeys("echo", "http", "courier", "testdest");
        assertThat(sn.kaetzchenAdvertizedData()).containsOnlyKeys("courier");
        assertThat((String) sn.kaetzchenAdvertizedData().get("courier").get("linkPublicKey"))
                .startsWith("-----BEGIN XWING PUBLIC KEY-----");
        assertThat(doc.capabilities()).containsExactly("courier", "echo", "http", "testdest");
        assertThat(doc.services("echo")).singleElement().extracting(ServiceDescriptor::endpoint).isEqualTo("+echo");
        assertThat(doc.services("courier")).singleElement().extracting(ServiceDescriptor::endpoint).isEqualTo("courier");

        assertThat(doc.storageReplicas()).extracting(ReplicaDescriptor::name).containsExactly("replica2", "replica1");
        assertThat(doc.storageReplicas()).extracting(ReplicaDescriptor::replicaId).containsExactly(1, 0);
        ReplicaDescriptor r = doc.storageReplicas().get(1);
        assertThat(r.addresses()).containsOnlyKeys("tcp");
        assertThat(r.envelopeKeys()).hasSize(2).allSatisfy((e, k) -> assertThat(k).hasSize(160));
        assertThat(doc.configuredReplicaIds()).containsExactly(0, 1);
        assertThat(doc.configuredReplicaIdentityKeys()).hasSize(2);
        assertThat(doc.configuredReplicaIdentityKeys().get(0)).isEqualTo(r.identityKey());
        assertThat(doc.sharedRandomCommit()).isEmpty(); // null on the wire
        assertThat(doc.sharedRandomReveal()).isEmpty();
        assertThat(doc.raw()).containsEntry("SharedRandomCommit", null);
        assertThat(doc.sharedRandomValue()).hasSize(32);
        assertThat(doc.priorSharedRandom()).hasSize(2);
        assertThat(doc.sphinxGeometryHash()).hasSize(32);

        String text = PkiDocuments.prettyPrint(doc);
        assertThat(text).contains("mix1", "mix2", "mix3", "gateway1", "servicenode1", "replica1", "replica2",
                "\"+echo\"", "\"courier\"", "\"+testdest\"");
    }

    /** The capture script (Python, hashlib) addressed its echo message; our destination must match it exactly. */
    @Test
    void echoDestinationMatchesWhatThePythonCaptureSent() throws IOException {
        Map<?, ?> frame = (Map<?, ?>) CborReader.decode(resource("v0.0.99-send_message-request-frame.cbor"));
        Map<?, ?> send = (Map<?, ?>) frame.get("send_message");
        Destination expected = new Destination((byte[]) send.get("destination_id_hash"), (byte[]) send.get("recipient_queue_id"));
        Destination ours = firstEventDocument().services("echo").get(0).toDestination();
        assertThat(ours).isEqualTo(expected);
    }

    @Test
    void signedDocumentWrapsTheSameBytesAndSignaturesVerify() throws IOException {
        SignedPkiDocument signed = SignedPkiDocument.parse(resource("v0.0.99-get_pki_document_reply-payload.cbor"));
        assertThat(signed.version()).isZero();
        assertThat(signed.keyType()).isEqualTo("Ed25519");
        assertThat(signed.expiration()).isEqualTo(EPOCH + 5);
        assertThat(signed.certified()).isEqualTo(resource("v0.0.99-new_pki_document_event-payload.cbor"));
        assertThat(signed.document().epoch()).isEqualTo(EPOCH);
        assertThat(signed.signatures()).hasSize(3);
        signed.signatures().forEach((k, s) -> {
            assertThat(s.publicKeySum256()).isEqualTo(k.toByteArray());
            assertThat(s.payload()).hasSize(64);
        });
        // The later broadcast's get_pki_document reply is the very same signed blob.
        assertThat(resource("v0.0.99-broadcast-get_pki_document_reply-payload.cbor")).isEqualTo(signed.rawBytes());

        List<DirectoryAuthority> auths = authorities();
        assertThat(auths).extracting(DirectoryAuthority::identifier).containsExactly("auth1", "auth2", "auth3");
        for (DirectoryAuthority a : auths) {
            assertThat(a.pkiSignatureScheme()).isEqualTo("Ed25519");
            assertThat(a.wireKemScheme()).isEqualTo("xwing");
            assertThat(a.hasIdentityKey()).isTrue();
            assertThat(signed.isSignedBy(a.identityKeyHash())).isTrue();
            byte[] pub = pemBody(a.identityPublicKeyPem());
            assertThat(pub).hasSize(32);
            // identity_key_hash is BLAKE2b-256 of the raw public key.
            assertThat(Hashes.blake2b256(pub)).isEqualTo(a.identityKeyHash());
            // And the signature is Ed25519 over the message of docs/protocol.md#signed-pki.
            Ed25519Signer v = new Ed25519Signer();
            v.init(false, new Ed25519PublicKeyParameters(pub, 0));
            byte[] msg = signed.signedMessage();
            v.update(msg, 0, msg.length);
            assertThat(v.verifySignature(signed.signatures().get(ByteKey.of(a.identityKeyHash())).payload()))
                    .as("signature of %s", a.identifier()).isTrue();
        }
    }

    static List<DirectoryAuthority> authorities() throws IOException {
        Map<?, ?> frame = (Map<?, ?>) CborReader.decode(resource("v0.0.99-get_directory_authorities_reply-frame.cbor"));
        Map<?, ?> reply = (Map<?, ?>) frame.get("get_directory_authorities_reply");
        return DirectoryAuthority.listFromWire(reply.get("authorities"));
    }

    static byte[] pemBody(String pem) {
        StringBuilder b64 = new StringBuilder();
        for (String line : pem.split("\n")) {
            if (!line.startsWith("-----") && !line.isBlank()) {
                b64.append(line.trim());
            }
        }
        return Base64.getDecoder().decode(b64.toString());
    }

    @Test
    void prettyPrintAndJsonDoNotModifyTheRealDocument() throws IOException {
        PkiDocument doc = firstEventDocument();
        Map<Object, Object> before = doc.raw();
        PkiDocuments.prettyPrint(doc);
        PkiDocuments.toJson(doc);
        assertThat(TestDocs.deepEquals(doc.raw(), before)).isTrue();
        assertThat(doc.encoded()).isEqualTo(resource("v0.0.99-new_pki_document_event-payload.cbor"));
    }

    @Test
    void realDocumentSurvivesMutation() throws IOException {
        byte[] full = resource("v0.0.99-new_pki_document_event-payload.cbor");
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(77);
        for (int i = 0; i < 2000; i++) {
            byte[] m = full.clone();
            m[rnd.nextInt(m.length)] ^= (byte) (1 << rnd.nextInt(8));
            try {
                PkiDocument d = PkiDocument.parse(m);
                PkiDocuments.prettyPrint(d);
                PkiDocuments.toJson(d);
            } catch (org.katzenpost.thin.ProtocolViolationException expected) {
                // fine
            }
        }
        for (int n = 0; n < full.length; n += 97) {
            byte[] cut = java.util.Arrays.copyOf(full, n);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> PkiDocument.parse(cut))
                    .isInstanceOf(org.katzenpost.thin.ProtocolViolationException.class);
        }
    }
}
