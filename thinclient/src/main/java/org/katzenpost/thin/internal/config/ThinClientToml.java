package org.katzenpost.thin.internal.config;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.katzenpost.thin.ConfigurationException;
import org.katzenpost.thin.Dial;

/**
 * Reads {@code thinclient.toml}, the reference thin-client configuration (docs/protocol.md#thinclient-toml), with
 * our own {@link TomlReader}:
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
    private static final Map<String, Set<String>> KINDS = Map.of(
            "Unix", Set.of("Address"),
            "Tcp", Set.of("Address", "Network"),
            "Ws", Set.of("Address"));
    private static final List<String> KIND_ORDER = List.of("Unix", "Tcp", "Ws");

    private ThinClientToml() {}

    /**
     * Reads and validates a {@code thinclient.toml} file.
     *
     * @param file the file
     * @return where the daemon listens
     * @throws ConfigurationException if the file cannot be read, is not valid UTF-8 or TOML, or is not a valid
     *     {@code thinclient.toml}; the message names the file, and the line and column of a syntax error
     */
    public static Dial readDial(Path file) {
        String source = file.toString();
        byte[] bytes;
        try {
            bytes = readAll(file);
        } catch (NoSuchFileException | FileNotFoundException e) {
            if (Files.notExists(file)) {
                throw new ConfigurationException(source + ": configuration file not found", e);
            }
            throw new ConfigurationException(source + ": cannot read configuration file: " + reason(e, source), e);
        } catch (IOException e) {
            throw new ConfigurationException(source + ": cannot read configuration file: " + reason(e, source), e);
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
     * @param toml the file's content
     * @param sourceName names the source in error messages, normally the file path
     * @return where the daemon listens
     * @throws ConfigurationException if the content is not valid TOML or not a valid {@code thinclient.toml}
     */
    public static Dial parseDial(String toml, String sourceName) {
        String source = sourceName == null ? "thinclient.toml" : sourceName;
        Map<String, Object> root;
        try {
            root = TomlReader.parse(toml);
        } catch (TomlReader.TomlSyntaxException e) {
            throw new ConfigurationException(source + ": invalid TOML (line " + e.line() + ", column " + e.column()
                    + "): " + e.getMessage(), e);
        }
        Map<?, ?> top = root;
        for (String key : fieldNames(top)) {
            if (!key.equals("Dial")) {
                throw new ConfigurationException(source + ": unknown key " + quote(key)
                        + " (the only allowed top-level table is [Dial])");
            }
        }
        Object dialNode = top.get("Dial");
        if (dialNode == null) {
            throw new ConfigurationException(source + ": missing [Dial] table");
        }
        Map<?, ?> dial = table(dialNode, "Dial", source);
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
        Map<?, ?> body = table(dial.get(kind), path, source);
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

    private static Map<?, ?> table(Object node, String path, String source) {
        if (node instanceof Map<?, ?> m) {
            return m;
        }
        throw new ConfigurationException(source + ": " + path + " must be a table, not " + describe(node));
    }

    private static String string(Map<?, ?> table, String path, String key, boolean required, String source) {
        Object v = table.get(key);
        if (v == null) {
            if (required) {
                throw new ConfigurationException(source + ": missing key " + path + "." + key);
            }
            return null;
        }
        if (!(v instanceof String text)) {
            throw new ConfigurationException(source + ": " + path + "." + key + " must be a string, not "
                    + describe(v));
        }
        return text;
    }

    private static String describe(Object node) {
        if (node instanceof Map) {
            return "a table";
        } else if (node instanceof List) {
            return "an array";
        } else if (node instanceof Long) {
            return "an integer";
        } else if (node instanceof Double) {
            return "a float";
        } else if (node instanceof Boolean) {
            return "a boolean";
        } else if (node instanceof String) {
            return "a string";
        } else if (node instanceof TomlReader.DateTime) {
            return "a date/time";
        }
        return node.getClass().getSimpleName();
    }

    private static List<String> fieldNames(Map<?, ?> node) {
        List<String> names = new ArrayList<>();
        for (Object k : node.keySet()) {
            names.add((String) k);
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

    /**
     * A file of the default file system is read with {@link FileInputStream}, whose classes the JDK's start-up archive
     * holds, and not those of the file channel behind {@link Files#readAllBytes} (docs/performance.md, "The first
     * call, cold JVM"); a file of another file system (a zip file, an in-memory one) through its provider.
     */
    private static byte[] readAll(Path file) throws IOException {
        if (file.getFileSystem() != FileSystems.getDefault()) {
            return Files.readAllBytes(file);
        }
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            return in.readAllBytes();
        }
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** Without the file's name, which the message already starts with: FileInputStream says "{@code <path> (<why>)}". */
    private static String reason(Throwable e, String source) {
        String m = reason(e);
        if (m.startsWith(source)) {
            m = m.substring(source.length()).trim();
            if (m.startsWith("(") && m.endsWith(")")) {
                m = m.substring(1, m.length() - 1);
            }
        }
        return m.isEmpty() ? e.getClass().getSimpleName() : m;
    }
}
