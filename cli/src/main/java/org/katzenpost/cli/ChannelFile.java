package org.katzenpost.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.ReadCap;
import org.katzenpost.thin.pigeonhole.WriteCap;

/**
 * A channel file written by {@code katzen genkey}: the write capability (absent in a read-only copy), the read
 * capability and the first box index, Base64, in a small TOML file. It is a secret: 0600.
 *
 * <pre>
 * # katzen Pigeonhole channel. SECRET: ...
 * kind = "katzen-channel"
 * version = 1
 * write_cap = "..."
 * read_cap = "..."
 * first_index = "..."
 * </pre>
 *
 * The output of {@code pigeonhole-cp genkey} saved to a file is read too (same capabilities, same Base64), so a
 * channel made by either tool works with both (docs/cli.md).
 */
record ChannelFile(byte[] writeCap, byte[] readCap, byte[] firstIndex) {
    /** A channel file's boxes hold the file format of pigeonhole-cp as is, one box at a time. */
    static final org.katzenpost.store.ChannelFormat FORMAT = org.katzenpost.store.ChannelFormat.BOXES;

    static final String KIND = "katzen-channel";

    boolean canWrite() {
        return writeCap != null;
    }

    ChannelFile readOnly() {
        return new ChannelFile(null, readCap, firstIndex);
    }

    /** Stores this channel as the write channel {@link #storeName()} of {@code store} (or finds it there). */
    org.katzenpost.store.WriteChannel addWriteChannelTo(org.katzenpost.store.ChannelStore store) {
        return store.addWriteChannel(storeName(), WriteCap.of(writeCap), ReadCap.of(readCap),
                MessageBoxIndex.of(firstIndex), FORMAT);
    }

    /** Stores this channel as the read channel {@link #storeName()} of {@code store} (or finds it there). */
    org.katzenpost.store.ReadChannel addReadChannelTo(org.katzenpost.store.ChannelStore store) {
        return store.addReadChannel(storeName(), ReadCap.of(readCap), MessageBoxIndex.of(firstIndex), FORMAT);
    }

    /** The name under which the store keeps this channel: derived from the read cap, so not secret. */
    String storeName() {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(readCap);
            return "ch-" + HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("# katzen Pigeonhole channel, written by `katzen genkey`.\n");
        if (canWrite()) {
            sb.append("# SECRET: whoever has this file can write to the channel and read it. Keep it private;\n");
            sb.append("# give receivers the read-only copy (katzen genkey --read-only FILE).\n");
        } else {
            sb.append("# Read-only copy: whoever has this file can read the channel (not write to it).\n");
            sb.append("# Keep it private too: give it only to the intended receiver.\n");
        }
        sb.append("kind = \"").append(KIND).append("\"\n");
        sb.append("version = 1\n");
        if (canWrite()) {
            sb.append("write_cap = \"").append(Base64.getEncoder().encodeToString(writeCap)).append("\"\n");
        }
        sb.append("read_cap = \"").append(Base64.getEncoder().encodeToString(readCap)).append("\"\n");
        sb.append("first_index = \"").append(Base64.getEncoder().encodeToString(firstIndex)).append("\"\n");
        return sb.toString();
    }

    static ChannelFile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CliException(ExitCodes.USAGE, "channel file " + file + " does not exist (create one with"
                    + " `katzen genkey FILE`)");
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILURE, "cannot read channel file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    static ChannelFile parse(String text, String source) {
        if (text.contains(PCP_READ) && text.contains(PCP_INDEX)) {
            return parsePigeonholeCp(text, source);
        }
        Map<String, String> kv = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq < 0) {
                throw bad(source, "line " + lineNo + " is not `key = value`");
            }
            String k = l.substring(0, eq).strip();
            String v = l.substring(eq + 1).strip();
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1);
            }
            kv.put(k, v);
        }
        if (!KIND.equals(kv.get("kind"))) {
            throw bad(source, "not a katzen channel file (no kind = \"" + KIND + "\")");
        }
        if (!"1".equals(kv.get("version"))) {
            throw bad(source, "unsupported version " + kv.get("version"));
        }
        byte[] w = kv.containsKey("write_cap") ? b64(kv.get("write_cap"), "write_cap", source) : null;
        byte[] r = kv.containsKey("read_cap") ? b64(kv.get("read_cap"), "read_cap", source) : null;
        byte[] i = kv.containsKey("first_index") ? b64(kv.get("first_index"), "first_index", source) : null;
        if (r == null || i == null) {
            throw bad(source, "read_cap and first_index are required");
        }
        return new ChannelFile(w, r, i);
    }

    static final String PCP_READ = "Read Capability";
    static final String PCP_WRITE = "Write Capability";
    static final String PCP_INDEX = "First Index";

    /**
     * The output of {@code pigeonhole-cp genkey} saved to a file: each label line ("Read Capability (share with
     * recipient):", "Write Capability (keep secret):", "First Index:") followed by the value in Base64 on the
     * next non-empty line. Without the write capability section it is a read-only channel.
     */
    static ChannelFile parsePigeonholeCp(String text, String source) {
        Map<String, String> kv = new LinkedHashMap<>();
        String label = null;
        for (String line : text.split("\n", -1)) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            if (l.startsWith(PCP_READ) || l.startsWith(PCP_WRITE) || l.startsWith(PCP_INDEX)) {
                label = l.startsWith(PCP_READ) ? "read_cap" : l.startsWith(PCP_WRITE) ? "write_cap" : "first_index";
                continue;
            }
            if (label == null) {
                throw bad(source, "pigeonhole-cp key file: a value before any label");
            }
            if (kv.containsKey(label)) {
                throw bad(source, "pigeonhole-cp key file: two values for " + label);
            }
            kv.put(label, l);
            label = null;
        }
        byte[] w = kv.containsKey("write_cap") ? b64(kv.get("write_cap"), "write_cap", source) : null;
        byte[] r = kv.containsKey("read_cap") ? b64(kv.get("read_cap"), "read_cap", source) : null;
        byte[] i = kv.containsKey("first_index") ? b64(kv.get("first_index"), "first_index", source) : null;
        if (r == null || i == null) {
            throw bad(source, "pigeonhole-cp key file: the read capability and first index are required");
        }
        return new ChannelFile(w, r, i);
    }

    private static byte[] b64(String v, String key, String source) {
        try {
            return Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw bad(source, key + " is not valid Base64"); // never echo the value: it is a secret
        }
    }

    private static CliException bad(String source, String what) {
        return new CliException(ExitCodes.USAGE, "channel file " + source + ": " + what);
    }

    @Override
    public String toString() {
        return "ChannelFile[" + (canWrite() ? "read-write" : "read-only") + "]";
    }
}
