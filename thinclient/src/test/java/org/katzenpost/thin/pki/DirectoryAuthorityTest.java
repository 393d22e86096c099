package org.katzenpost.thin.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.katzenpost.thin.ProtocolViolationException;
import org.junit.jupiter.api.Test;

class DirectoryAuthorityTest {

    static Map<Object, Object> wire() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put("identifier", "auth1");
        m.put("pki_signature_scheme", "Ed25519 Sphincs+");
        m.put("wire_kem_scheme", "Xwing");
        m.put("addresses", List.of("tcp://127.0.0.1:29483"));
        m.put("identity_public_key_pem", "-----BEGIN X-----\nAAAA\n-----END X-----\n");
        m.put("link_public_key_pem", "");
        m.put("identity_key_hash", TestDocs.bytes(32, 5));
        return m;
    }

    @Test
    void fromWire() {
        DirectoryAuthority a = DirectoryAuthority.fromWire(wire());
        assertThat(a.identifier()).isEqualTo("auth1");
        assertThat(a.pkiSignatureScheme()).isEqualTo("Ed25519 Sphincs+");
        assertThat(a.wireKemScheme()).isEqualTo("Xwing");
        assertThat(a.addresses()).containsExactly("tcp://127.0.0.1:29483");
        assertThat(a.identityKeyHash()).isEqualTo(TestDocs.bytes(32, 5));
        assertThat(a.hasIdentityKey()).isTrue();
        assertThat(a).isEqualTo(DirectoryAuthority.fromWire(wire())).hasSameHashCodeAs(DirectoryAuthority.fromWire(wire()));
        assertThat(a.toString()).contains("auth1").doesNotContain("AAAA");
        a.identityKeyHash()[0] ^= 1;
        assertThat(a.identityKeyHash()).isEqualTo(TestDocs.bytes(32, 5));

        Map<Object, Object> m = wire();
        m.put("identity_key_hash", new byte[32]);
        assertThat(DirectoryAuthority.fromWire(m).hasIdentityKey()).isFalse();
        assertThat(DirectoryAuthority.fromWire(new LinkedHashMap<>()).identifier()).isEmpty();
        assertThat(DirectoryAuthority.listFromWire(null)).isEmpty();
        assertThat(DirectoryAuthority.listFromWire(List.of(wire(), wire()))).hasSize(2);
    }

    @Test
    void badShapes() {
        List<Object> wrong = List.of(5L, 1.5, true, new byte[2], List.of(7L), Map.of("a", "b"));
        for (Object key : wire().keySet()) {
            for (Object w : wrong) {
                Map<Object, Object> m = wire();
                m.put(key, w);
                assertThatThrownBy(() -> DirectoryAuthority.fromWire(m)).as("%s=%s", key, w)
                        .isInstanceOf(ProtocolViolationException.class);
            }
        }
        Map<Object, Object> m = wire();
        m.put("identity_key_hash", new byte[31]);
        assertThatThrownBy(() -> DirectoryAuthority.fromWire(m)).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("32");
        assertThatThrownBy(() -> DirectoryAuthority.listFromWire("x")).isInstanceOf(ProtocolViolationException.class);
        assertThatThrownBy(() -> DirectoryAuthority.listFromWire(List.of("x"))).isInstanceOf(ProtocolViolationException.class);
        assertThatThrownBy(() -> DirectoryAuthority.fromWire(null)).isInstanceOf(ProtocolViolationException.class);
    }
}
