package org.katzenpost.thin.pki;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.katzenpost.thin.internal.cbor.CborWriter;

/** Builds daemon-shaped PKI document trees for thinclient tests (the testkit's SyntheticPki is out of reach here). */
final class TestDocs {
    private TestDocs() {}

    /** An already-encoded item. */
    record Raw(byte[] cbor) {}

    static byte[] encode(Object v) {
        CborWriter w = new CborWriter();
        write(w, v);
        return w.toByteArray();
    }

    private static void write(CborWriter w, Object v) {
        if (v == null) {
            w.nul();
        } else if (v instanceof Map<?, ?> m) {
            w.mapHeader(m.size());
            m.forEach((k, x) -> {
                write(w, k);
                write(w, x);
            });
        } else if (v instanceof List<?> l) {
            w.arrayHeader(l.size());
            l.forEach(x -> write(w, x));
        } else if (v instanceof byte[] b) {
            w.bytes(b);
        } else if (v instanceof ByteKey k) {
            w.bytes(k.toByteArray());
        } else if (v instanceof String s) {
            w.text(s);
        } else if (v instanceof Integer || v instanceof Long) {
            w.integer(((Number) v).longValue());
        } else if (v instanceof java.math.BigInteger b) {
            w.uint(b.longValue());
        } else if (v instanceof Double d) {
            w.float64(d);
        } else if (v instanceof Boolean b) {
            w.bool(b);
        } else if (v instanceof Raw r) {
            w.raw(r.cbor());
        } else {
            throw new IllegalArgumentException(v.getClass().toString());
        }
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    static Map<Object, Object> descriptor(String name, int seed, Map<Object, Object> kaetzchen, String capsKey) {
        Map<Object, Object> d = new LinkedHashMap<>();
        d.put("Name", name);
        d.put("Epoch", 1000L);
        d.put("IdentityKey", bytes(96, seed));
        d.put("LinkKey", bytes(64, seed + 1000));
        Map<Object, Object> mk = new LinkedHashMap<>();
        mk.put(1000L, bytes(32, seed + 2000));
        mk.put(1001L, bytes(32, seed + 3000));
        d.put("MixKeys", mk);
        d.put("Addresses", new LinkedHashMap<>(Map.of("tcp", List.of("tcp://127.0.0.1:" + (30000 + seed)))));
        d.put(capsKey, kaetzchen);
        d.put("KaetzchenAdvertizedData", null);
        d.put("IsGatewayNode", name.startsWith("gateway"));
        d.put("IsServiceNode", kaetzchen != null);
        d.put("LoadWeight", 0L);
        d.put("AuthenticationType", "");
        d.put("Version", "v1");
        return d;
    }

    static Map<Object, Object> services(String... pairs) {
        Map<Object, Object> k = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Map<Object, Object> p = new LinkedHashMap<>();
            p.put("endpoint", pairs[i + 1]);
            k.put(pairs[i], p);
        }
        return k;
    }

    static Map<Object, Object> replica(String name, int id) {
        Map<Object, Object> r = new LinkedHashMap<>();
        r.put("Name", name);
        r.put("ReplicaID", (long) id);
        r.put("Epoch", 1000L);
        r.put("IdentityKey", bytes(96, 500 + id));
        r.put("LinkKey", bytes(64, 600 + id));
        Map<Object, Object> env = new LinkedHashMap<>();
        env.put(333L, bytes(32, 700 + id));
        r.put("EnvelopeKeys", env);
        r.put("Addresses", new LinkedHashMap<>(Map.of("tcp", List.of("tcp://127.0.0.1:" + (31000 + id)))));
        return r;
    }

    /** 3 layers x 2 mixes, gateway1, servicenode1 (echo "+echo", courier "courier"), replica1/2. */
    static Map<Object, Object> document() {
        return document("Kaetzchen");
    }

    static Map<Object, Object> document(String capsKey) {
        Map<Object, Object> doc = new LinkedHashMap<>();
        doc.put("Epoch", 1000L);
        doc.put("GenesisEpoch", 990L);
        doc.put("Mu", 0.005);
        doc.put("LambdaP", 0.001);
        doc.put("LambdaL", 0.0005);
        doc.put("LambdaR", 0.0006);
        doc.put("LambdaM", 0.0002);
        doc.put("LambdaG", 0.0003);
        List<Object> topo = new ArrayList<>();
        int n = 1;
        for (int l = 0; l < 3; l++) {
            List<Object> layer = new ArrayList<>();
            for (int i = 0; i < 2; i++, n++) {
                layer.add(encode(descriptor("mix" + n, n, null, capsKey)));
            }
            topo.add(layer);
        }
        doc.put("Topology", topo);
        doc.put("GatewayNodes", new ArrayList<>(List.of(encode(descriptor("gateway1", 50, null, capsKey)))));
        doc.put("ServiceNodes", new ArrayList<>(List.of(encode(
                descriptor("servicenode1", 60, services("echo", "+echo", "courier", "courier"), capsKey)))));
        doc.put("StorageReplicas", new ArrayList<>(List.of(replica("replica1", 0), replica("replica2", 1))));
        doc.put("ConfiguredReplicaIDs", new byte[] {0, 1});
        Map<Object, Object> commit = new LinkedHashMap<>();
        commit.put(ByteKey.of(bytes(32, 800)), bytes(100, 801));
        commit.put(ByteKey.of(bytes(32, 802)), bytes(100, 803));
        doc.put("SharedRandomCommit", commit);
        Map<Object, Object> reveal = new LinkedHashMap<>();
        reveal.put(ByteKey.of(bytes(32, 800)), bytes(100, 804));
        doc.put("SharedRandomReveal", reveal);
        doc.put("SharedRandomValue", bytes(32, 900));
        doc.put("PriorSharedRandom", new ArrayList<>(List.of(bytes(32, 901))));
        doc.put("SphinxGeometryHash", bytes(32, 902));
        doc.put("Version", "v1");
        doc.put("PKISignatureScheme", "Ed25519 Sphincs+");
        return doc;
    }

    /** Deep equality for decoded trees holding byte arrays. */
    static boolean deepEquals(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return java.util.Arrays.equals(x, y);
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size() || !new ArrayList<>(x.keySet()).equals(new ArrayList<>(y.keySet()))) {
                return false;
            }
            for (Object k : x.keySet()) {
                if (!deepEquals(x.get(k), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!deepEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return java.util.Objects.equals(a, b);
    }
}
