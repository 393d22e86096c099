package org.katzenpost.thin.internal.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.toml.TomlReadFeature;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.katzenpost.thin.ConfigurationException;
import org.katzenpost.thin.Dial;

/**
 * Reads {@code thinclient.toml}, the reference thin-client configuration (docs/protocol.md#thinclient-toml):
 *
 * <pre>
 * [Dial]
 *   [Dial.Tcp]            # or [Dial.Unix] / [Dial.Ws]: exactly one
 *     Address = "localhost:64331"
 *     Network = "tcp"     # Tcp only, optional: tcp | tcp4 | tcp6
 * </pre>
 *
 * <p>Key names are case-sensitive and nothing else is accepted: any other key or table is rejected with a
 * {@link ConfigurationException} naming the key path (e.g. {@code Dial.Tcp.Adress}) and the file.
 */
public final class ThinClientToml {
    private static final TomlMapper MAPPER = TomlMapper.builder()
            .enable(TomlReadFeature.PARSE_JAVA_TIME) // dates must not pass as strings
            .build();

    private static final Map<String, Set<String>> KINDS = Map.of(
            "Unix", Set.of("Address"),
            "Tcp", Set.of("Address", "Network"),
            "Ws", Set.of("Address"));
    private static final List<String> KIND_ORDER = List.of("Unix", "Tcp", "Ws");

    private ThinClientToml() {}

    /** Reads and validates a {@code thinclient.toml} file. */
    public static Dial readDial(Path file) {
        String source = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(source + ": configuration file not found", e);
        } catch (IOException e) {
            throw new ConfigurationException(source + ": cannot read configuration file: " + reason(e), e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ConfigurationException(source + ": configuration file is not valid UTF-8", e);
        }
        return parseDial(text, source);
    }

    /**
     * Parses and validates {@code thinclient.toml} content.
     *
     * @param sourceName names the source in error messages, normally the file path
     */
    public static Dial parseDial(String toml, String sourceName) {
        String source = sourceName == null ? "thinclient.toml" : sourceName;
        JsonNode root;
        try {
            root = MAPPER.readTree(toml);
        } catch (JacksonException e) {
            String where = "";
            if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
                where = " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            }
            throw new ConfigurationException(source + ": invalid TOML" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigurationException(source + ": cannot parse TOML: " + reason(e), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigurationException(source + ": missing [Dial] table");
        }
        ObjectNode top = table(root, "", source);
        for (String key : fieldNames(top)) {
            if (!key.equals("Dial")) {
                throw new ConfigurationException(source + ": unknown key " + quote(key)
                        + " (the only allowed top-level table is [Dial])");
            }
        }
        JsonNode dialNode = top.get("Dial");
        if (dialNode == null) {
            throw new ConfigurationException(source + ": missing [Dial] table");
        }
        ObjectNode dial = table(dialNode, "Dial", source);
        List<String> present = new ArrayList<>();
        for (String key : fieldNames(dial)) {
            if (!KINDS.containsKey(key)) {
                throw new ConfigurationException(source + ": unknown key " + quote("Dial." + key)
                        + " (allowed: exactly one of [Dial.Unix], [Dial.Tcp], [Dial.Ws])");
            }
            present.add(key);
        }
        if (present.isEmpty()) {
            throw new ConfigurationException(source + ": [Dial] must contain exactly one of "
                    + "[Dial.Unix], [Dial.Tcp], [Dial.Ws]; it has none");
        }
        if (present.size() > 1) {
            present.sort((a, b) -> KIND_ORDER.indexOf(a) - KIND_ORDER.indexOf(b));
            throw new ConfigurationException(source + ": [Dial] must contain exactly one of "
                    + "[Dial.Unix], [Dial.Tcp], [Dial.Ws]; it has " + String.join(" and ", prefixed(present)));
        }
        String kind = present.get(0);
        String path = "Dial." + kind;
        ObjectNode body = table(dial.get(kind), path, source);
        Set<String> allowed = KINDS.get(kind);
        for (String key : fieldNames(body)) {
            if (!allowed.contains(key)) {
                throw new ConfigurationException(source + ": unknown key " + quote(path + "." + key)
                        + " (allowed in [" + path + "]: " + String.join(", ", sorted(allowed)) + ")");
            }
        }
        String address = string(body, path, "Address", true, source);
        String network = kind.equals("Tcp") ? string(body, path, "Network", false, source) : null;
        if (network != null && !network.isEmpty()
                && !network.equals("tcp") && !network.equals("tcp4") && !network.equals("tcp6")) {
            throw new ConfigurationException(source + ": " + path + ".Network = \"" + network
                    + "\" is not one of tcp, tcp4, tcp6");
        }
        try {
            switch (kind) {
                case "Unix":
                    return new Dial.Unix(address);
                case "Tcp":
                    return new Dial.Tcp(address, network);
                case "Ws":
                    return Dial.ws(address);
                default:
                    throw new AssertionError(kind);
            }
        } catch (ConfigurationException e) {
            throw new ConfigurationException(source + ": " + path + ".Address: " + e.getMessage(), e);
        }
    }

    private static ObjectNode table(JsonNode node, String path, String source) {
        if (node instanceof ObjectNode o) {
            return o;
        }
        if (path.isEmpty()) {
            throw new ConfigurationException(source + ": the document is not a TOML table");
        }
        throw new ConfigurationException(source + ": " + path + " must be a table, not " + describe(node));
    }

    private static String string(ObjectNode table, String path, String key, boolean required, String source) {
        JsonNode v = table.get(key);
        if (v == null) {
            if (required) {
                throw new ConfigurationException(source + ": missing key " + path + "." + key);
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new ConfigurationException(source + ": " + path + "." + key + " must be a string, not "
                    + describe(v));
        }
        return v.textValue();
    }

    private static String describe(JsonNode node) {
        JsonNodeType t = node.getNodeType();
        switch (t) {
            case OBJECT:
                return "a table";
            case ARRAY:
                return "an array";
            case NUMBER:
                return node.isIntegralNumber() ? "an integer" : "a float";
            case BOOLEAN:
                return "a boolean";
            case STRING:
                return "a string";
            case POJO:
                return "a date/time";
            default:
                return t.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static List<String> prefixed(List<String> kinds) {
        List<String> out = new ArrayList<>();
        for (String k : kinds) {
            out.add("[Dial." + k + "]");
        }
        return out;
    }

    private static List<String> sorted(Set<String> s) {
        List<String> l = new ArrayList<>(s);
        l.sort(null);
        return l;
    }

    /** Key paths are shown as written; one with characters that need quoting in TOML is shown in quotes. */
    private static String quote(String keyPath) {
        return keyPath.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')
                ? keyPath
                : "\"" + keyPath + "\"";
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
