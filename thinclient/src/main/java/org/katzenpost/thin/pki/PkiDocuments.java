package org.katzenpost.thin.pki;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.katzenpost.thin.internal.JsonWriter;
import org.katzenpost.thin.internal.cbor.CborSimple;
import org.katzenpost.thin.internal.cbor.CborTagged;

/**
 * Human- and machine-readable renderings of a {@link PkiDocument}. Both only read the document.
 */
public final class PkiDocuments {
    private static final HexFormat HEX = HexFormat.of();

    private PkiDocuments() {}

    // ------------------------------------------------------------------------------------------ text

    /**
     * A multi-line summary for people: epoch and rates, each mix layer, gateways, service nodes with their services
     * and endpoints, storage replicas, and the geometry hash. Keys are shown as short hex prefixes.
     *
     * @param doc the document
     * @return the text, lines separated by {@code \n}
     * @throws NullPointerException if {@code doc} is null
     */
    public static String prettyPrint(PkiDocument doc) {
        StringBuilder sb = new StringBuilder(1024);
        sb.append("PKI document for epoch ").append(doc.epoch())
                .append(" (genesis ").append(doc.genesisEpoch()).append(")");
        if (!doc.version().isEmpty()) {
            sb.append(", version ").append(doc.version());
        }
        if (!doc.pkiSignatureScheme().isEmpty()) {
            sb.append(", signature scheme ").append(doc.pkiSignatureScheme());
        }
        sb.append('\n');
        sb.append("Rates: Mu=").append(num(doc.mu()))
                .append(" LambdaP=").append(num(doc.lambdaP()))
                .append(" LambdaL=").append(num(doc.lambdaL()))
                .append(" LambdaM=").append(num(doc.lambdaM()))
                .append(" LambdaG=").append(num(doc.lambdaG()))
                .append(" LambdaR=").append(num(doc.lambdaR()));
        doc.lambdaD().ifPresent(v -> sb.append(" LambdaD=").append(num(v)));
        doc.sendRatePerMinute().ifPresent(v -> sb.append(" SendRatePerMinute=").append(v));
        doc.legacyMaxDelays().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        sb.append('\n');
        sb.append("Sphinx geometry hash: ").append(hexOrNone(doc.sphinxGeometryHash())).append('\n');
        sb.append("Shared random value: ").append(hexOrNone(doc.sharedRandomValue())).append('\n');

        List<List<MixDescriptor>> topo = doc.topology();
        int mixes = topo.stream().mapToInt(List::size).sum();
        sb.append("Topology: ").append(topo.size()).append(" layer").append(topo.size() == 1 ? "" : "s")
                .append(", ").append(mixes).append(" mix").append(mixes == 1 ? "" : "es").append('\n');
        for (int i = 0; i < topo.size(); i++) {
            sb.append("  Layer ").append(i).append(" (").append(topo.get(i).size()).append("):\n");
            for (MixDescriptor d : topo.get(i)) {
                node(sb, d, "    ");
            }
        }
        sb.append("Gateways (").append(doc.gateways().size()).append("):\n");
        for (MixDescriptor d : doc.gateways()) {
            node(sb, d, "  ");
        }
        sb.append("Service nodes (").append(doc.serviceNodes().size()).append("):\n");
        for (MixDescriptor d : doc.serviceNodes()) {
            node(sb, d, "  ");
            for (Map.Entry<String, Map<String, Object>> cap : d.kaetzchenView().entrySet()) {
                Object ep = cap.getValue().get("endpoint");
                sb.append("      service ").append(cap.getKey()).append(" -> endpoint ")
                        .append(ep instanceof String s ? "\"" + s + "\"" : String.valueOf(ep)).append('\n');
            }
        }
        sb.append("Storage replicas (").append(doc.storageReplicas().size()).append(")");
        if (!doc.configuredReplicaIds().isEmpty()) {
            sb.append(", configured ids ").append(doc.configuredReplicaIds());
        }
        sb.append(":\n");
        for (ReplicaDescriptor r : doc.storageReplicas()) {
            sb.append("  ").append(r.name()).append("  replica id ").append(r.replicaId())
                    .append("  identity ").append(Wire.shortHex(r.identityKey()))
                    .append("  envelope key epochs ").append(r.envelopeKeys().keySet());
            addresses(sb, r.addresses());
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void node(StringBuilder sb, MixDescriptor d, String indent) {
        sb.append(indent).append(d.name().isEmpty() ? "<unnamed>" : d.name())
                .append("  id hash ").append(HEX.formatHex(d.identityKeyHash(), 0, 8)).append('…');
        if (!d.mixKeys().isEmpty()) {
            sb.append("  mix key epochs ").append(d.mixKeys().keySet());
        }
        addresses(sb, d.addresses());
        sb.append('\n');
    }

    private static void addresses(StringBuilder sb, Map<String, List<String>> addrs) {
        if (!addrs.isEmpty()) {
            sb.append("  addresses ");
            boolean first = true;
            for (Map.Entry<String, List<String>> e : addrs.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(e.getKey()).append(' ').append(String.join(" ", e.getValue()));
            }
        }
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%s", d);
    }

    private static String hexOrNone(byte[] b) {
        return b.length == 0 ? "<none>" : HEX.formatHex(b);
    }

    // ------------------------------------------------------------------------------------------ JSON

    /**
     * The document as pretty-printed JSON: {@link #toJson(PkiDocument, boolean)} with {@code pretty} true.
     *
     * @param doc the document
     * @return the JSON text
     * @throws NullPointerException if {@code doc} is null
     */
    public static String toJson(PkiDocument doc) {
        return toJson(doc, true);
    }

    /**
     * The document as JSON with camelCase field names, for tools and scripts. Byte strings (keys, hashes) are
     * lower-case hex; each node also gets its {@code identityKeyHash} (the destination id hash); {@code services} maps
     * each capability to its {@code {node, endpoint, nodeIdHash}} entries. Non-finite numbers are written as strings.
     *
     * @param doc the document
     * @param pretty true for indented lines, false for one line
     * @return the JSON text
     * @throws NullPointerException if {@code doc} is null
     */
    public static String toJson(PkiDocument doc, boolean pretty) {
        JsonWriter g = new JsonWriter(pretty, 4096);
        g.writeStartObject();
        g.writeNumberField("epoch", doc.epoch());
        g.writeNumberField("genesisEpoch", doc.genesisEpoch());
        g.writeStringField("version", doc.version());
        g.writeStringField("pkiSignatureScheme", doc.pkiSignatureScheme());
        dbl(g, "mu", doc.mu());
        dbl(g, "lambdaP", doc.lambdaP());
        dbl(g, "lambdaL", doc.lambdaL());
        dbl(g, "lambdaM", doc.lambdaM());
        dbl(g, "lambdaG", doc.lambdaG());
        dbl(g, "lambdaR", doc.lambdaR());
        if (doc.lambdaD().isPresent()) {
            dbl(g, "lambdaD", doc.lambdaD().getAsDouble());
        }
        if (doc.sendRatePerMinute().isPresent()) {
            g.writeNumberField("sendRatePerMinute", doc.sendRatePerMinute().getAsLong());
        }
        for (Map.Entry<String, Long> e : doc.legacyMaxDelays().entrySet()) {
            g.writeNumberField(Character.toLowerCase(e.getKey().charAt(0)) + e.getKey().substring(1), e.getValue());
        }
        g.writeStringField("sphinxGeometryHash", HEX.formatHex(doc.sphinxGeometryHash()));
        g.writeStringField("sharedRandomValue", HEX.formatHex(doc.sharedRandomValue()));
        g.writeArrayFieldStart("priorSharedRandom");
        for (byte[] b : doc.priorSharedRandom()) {
            g.writeString(HEX.formatHex(b));
        }
        g.writeEndArray();

        g.writeArrayFieldStart("topology");
        for (List<MixDescriptor> layer : doc.topology()) {
            g.writeStartArray();
            for (MixDescriptor d : layer) {
                node(g, d);
            }
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("gateways");
        for (MixDescriptor d : doc.gateways()) {
            node(g, d);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("serviceNodes");
        for (MixDescriptor d : doc.serviceNodes()) {
            node(g, d);
        }
        g.writeEndArray();

        g.writeObjectFieldStart("services");
        for (String cap : doc.capabilities()) {
            g.writeArrayFieldStart(cap);
            for (ServiceDescriptor s : doc.services(cap)) {
                g.writeStartObject();
                g.writeStringField("node", s.node().name());
                g.writeStringField("endpoint", s.endpoint());
                g.writeStringField("nodeIdHash", HEX.formatHex(s.node().identityKeyHash()));
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();

        g.writeArrayFieldStart("storageReplicas");
        for (ReplicaDescriptor r : doc.storageReplicas()) {
            g.writeStartObject();
            g.writeStringField("name", r.name());
            g.writeNumberField("replicaId", r.replicaId());
            g.writeNumberField("epoch", r.epoch());
            g.writeStringField("identityKey", HEX.formatHex(r.identityKey()));
            g.writeStringField("identityKeyHash", HEX.formatHex(r.identityKeyHash()));
            g.writeStringField("linkKey", HEX.formatHex(r.linkKey()));
            keys(g, "envelopeKeys", r.envelopeKeys());
            addresses(g, r.addresses());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("configuredReplicaIds");
        for (int id : doc.configuredReplicaIds()) {
            g.writeNumber(id);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("configuredReplicaIdentityKeys");
        for (byte[] b : doc.configuredReplicaIdentityKeys()) {
            g.writeString(HEX.formatHex(b));
        }
        g.writeEndArray();
        byteKeyed(g, "sharedRandomCommit", doc.sharedRandomCommit());
        byteKeyed(g, "sharedRandomReveal", doc.sharedRandomReveal());
        g.writeEndObject();
        return g.toString();
    }

    private static void node(JsonWriter g, MixDescriptor d) {
        g.writeStartObject();
        g.writeStringField("name", d.name());
        g.writeNumberField("epoch", d.epoch());
        g.writeStringField("identityKey", HEX.formatHex(d.identityKey()));
        g.writeStringField("identityKeyHash", HEX.formatHex(d.identityKeyHash()));
        g.writeStringField("linkKey", HEX.formatHex(d.linkKey()));
        keys(g, "mixKeys", d.mixKeys());
        addresses(g, d.addresses());
        g.writeFieldName("kaetzchen");
        value(g, d.kaetzchenView());
        g.writeFieldName("kaetzchenAdvertizedData");
        value(g, d.kaetzchenAdvertizedData());
        g.writeBooleanField("isGatewayNode", d.isGatewayNode());
        g.writeBooleanField("isServiceNode", d.isServiceNode());
        g.writeNumberField("loadWeight", d.loadWeight());
        g.writeStringField("authenticationType", d.authenticationType());
        g.writeStringField("version", d.version());
        g.writeEndObject();
    }

    private static void keys(JsonWriter g, String field, Map<Long, byte[]> keys) {
        g.writeObjectFieldStart(field);
        for (Map.Entry<Long, byte[]> e : keys.entrySet()) {
            g.writeStringField(Long.toString(e.getKey()), HEX.formatHex(e.getValue()));
        }
        g.writeEndObject();
    }

    private static void addresses(JsonWriter g, Map<String, List<String>> addrs) {
        g.writeObjectFieldStart("addresses");
        for (Map.Entry<String, List<String>> e : addrs.entrySet()) {
            g.writeArrayFieldStart(e.getKey());
            for (String u : e.getValue()) {
                g.writeString(u);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void byteKeyed(JsonWriter g, String field, Map<ByteKey, byte[]> m) {
        g.writeObjectFieldStart(field);
        for (Map.Entry<ByteKey, byte[]> e : m.entrySet()) {
            g.writeStringField(HEX.formatHex(e.getKey().toByteArray()), HEX.formatHex(e.getValue()));
        }
        g.writeEndObject();
    }

    private static void dbl(JsonWriter g, String field, double v) {
        g.writeFieldName(field);
        number(g, v);
    }

    private static void number(JsonWriter g, double v) {
        if (Double.isFinite(v)) {
            g.writeNumber(v);
        } else {
            g.writeString(Double.toString(v));
        }
    }

    /** Any decoded CBOR value (see {@code CborReader.readValue}) as JSON. */
    private static void value(JsonWriter g, Object v) {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object k = e.getKey();
                g.writeFieldName(k instanceof ByteKey bk ? HEX.formatHex(bk.toByteArray()) : String.valueOf(k));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                value(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof byte[] b) {
            g.writeString(HEX.formatHex(b));
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Long n) {
            g.writeNumber(n);
        } else if (v instanceof BigInteger n) {
            g.writeNumber(n);
        } else if (v instanceof Double d) {
            number(g, d);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof CborTagged t) {
            g.writeStartObject();
            g.writeNumberField("tag", t.tag());
            g.writeFieldName("value");
            value(g, t.value());
            g.writeEndObject();
        } else if (v instanceof CborSimple s) {
            g.writeStartObject();
            g.writeNumberField("simple", s.value());
            g.writeEndObject();
        } else {
            g.writeString(String.valueOf(v));
        }
    }
}
