package org.katzenpost.thin.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.wire.Frames;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.internal.wire.Responses.Response;
import org.katzenpost.thin.internal.wire.WireCodec;

/**
 * Writes the committed seed corpora under {@code src/test/resources/org/katzenpost/thin/fuzz/}: valid frames of
 * every request and response kind (from {@link Samples}), the kpclientd v0.0.99 captures when a fixtures folder
 * is given, hand-made CBOR items of every major type and edge encoding, and framed streams. Re-run it after
 * changing the samples:
 *
 * <pre>scripts/fuzz --seeds</pre>
 *
 * (which runs {@code SeedCorpus thinclient/src/test/resources fixtures/daemon-v0.0.99} on the test classpath).
 *
 * Every file it writes is named {@code seed-*}; Jazzer adds crash reproducers beside them under other names.
 */
public final class SeedCorpus {
    private static final WireCodec CODEC = new WireCodec();
    private static final HexFormat HEX = HexFormat.of();

    /** Hand-made items: every major type, every argument width, indefinite lengths, tags, simple and half floats. */
    static final String[] CBOR_ITEMS = {
        "00", "17", "1818", "190100", "1a00010000", "1b0000000100000000", "1bffffffffffffffff",
        "20", "3863", "3bffffffffffffffff", "c249010000000000000000",
        "40", "4401020304", "5f42010243030405ff", "60", "6449455446", "64f09f98ba", "7f657374726561646d696e67ff",
        "80", "83010203", "8301820203820405", "9f018202039f0405ffff", "8181818180",
        "a0", "a201020304", "a26161016162820203", "bf6346756ef563416d7421ff", "a1430102030a",
        "a2f5f4f6f7", "a1a1010280",
        "c074323031332d30332d32315432303a30343a30305a", "d82076687474703a2f2f7777772e6578616d706c652e636f6d",
        "db000000010000000000",
        "f4", "f5", "f6", "f7", "f0", "f8ff", "e0",
        "f90000", "f98000", "f93c00", "f9bc00", "f97bff", "f90001", "f903ff", "f90400", "f97c00", "f9fc00",
        "f97e00", "fa47c35000", "fa7f7fffff", "fb3ff199999999999a", "fb7ff8000000000000",
    };

    private SeedCorpus() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: SeedCorpus <test resources root> [fixtures dir]");
            System.exit(2);
        }
        Path root = Paths.get(args[0]).resolve("org/katzenpost/thin/fuzz");
        Path fixtures = args.length > 1 ? Paths.get(args[1]) : null;
        int n = write(root, fixtures);
        System.out.println("wrote " + n + " seed files under " + root);
    }

    static int write(Path root, Path fixtures) throws IOException {
        Map<String, byte[]> captures = captures(fixtures);
        int count = 0;

        Map<String, byte[]> responses = new LinkedHashMap<>();
        int i = 0;
        for (Response r : Samples.responses()) {
            responses.put(String.format(Locale.ROOT, "seed-%02d-%s", i++, r.wireKey()), ResponseEncoder.encode(r));
        }
        captures.forEach((k, v) -> {
            if (!k.endsWith(".request")) {
                responses.put("seed-capture-" + k, v);
            }
        });
        count += replace(root.resolve("WireCodecFuzzTestInputs/decodeResponse"), responses);

        Map<String, byte[]> dispatched = new LinkedHashMap<>(responses);
        // {"message_sent_event": {"sent_at": 2^63-1}}: decoded once, then crashed the reader (Instant out of range)
        dispatched.put("seed-hostile-sent_at", HEX.parseHex(
                "a1726d6573736167655f73656e745f6576656e74a16773656e745f61741b7fffffffffffffff"));
        count += replace(root.resolve("DispatchFuzzTestInputs/dispatch"), dispatched);

        Map<String, byte[]> requests = new LinkedHashMap<>();
        i = 0;
        for (Request r : Samples.requests()) {
            requests.put(String.format(Locale.ROOT, "seed-%02d-%s", i++, r.wireKey()), CODEC.encodeRequest(r));
        }
        captures.forEach((k, v) -> {
            if (k.endsWith(".request")) {
                requests.put("seed-capture-" + k, v);
            }
        });
        count += replace(root.resolve("WireCodecFuzzTestInputs/decodeRequest"), requests);

        Map<String, byte[]> items = new LinkedHashMap<>();
        for (int j = 0; j < CBOR_ITEMS.length; j++) {
            items.put(String.format(Locale.ROOT, "seed-item-%02d-%s", j,
                    CBOR_ITEMS[j].length() > 16 ? CBOR_ITEMS[j].substring(0, 16) : CBOR_ITEMS[j]),
                    HEX.parseHex(CBOR_ITEMS[j]));
        }
        items.put("seed-frame-thin_close", CODEC.encodeRequest(Samples.requests().get(1)));
        items.put("seed-frame-session_token_reply", ResponseEncoder.encode(Samples.responses().get(0)));
        items.put("seed-frame-get_directory_authorities_reply", ResponseEncoder.encode(Samples.responses().get(17)));
        count += replace(root.resolve("CborReaderFuzzTestInputs/decode"), items);

        Map<String, byte[]> streams = new LinkedHashMap<>();
        List<Response> rs = Samples.responses();
        streams.put("seed-one-frame", framed(ResponseEncoder.encode(rs.get(0))));
        streams.put("seed-three-frames", framed(ResponseEncoder.encode(rs.get(2)), ResponseEncoder.encode(rs.get(3)),
                ResponseEncoder.encode(rs.get(7))));
        streams.put("seed-frame-then-cut", concat(framed(ResponseEncoder.encode(rs.get(1))),
                HEX.parseHex("0000002aa1")));
        streams.put("seed-announce-40MiB", HEX.parseHex("02800000a0"));
        streams.put("seed-announce-40MiB-plus-1", HEX.parseHex("02800001a0"));
        streams.put("seed-announce-4GiB", HEX.parseHex("ffffffffa0"));
        streams.put("seed-announce-zero", HEX.parseHex("00000000"));
        streams.put("seed-short-prefix", HEX.parseHex("0000"));
        count += replace(root.resolve("FramesFuzzTestInputs/read"), streams);

        Map<String, byte[]> docs = new LinkedHashMap<>();
        Map<String, byte[]> signed = new LinkedHashMap<>();
        Map<String, byte[]> authorities = new LinkedHashMap<>();
        docs.put("seed-minimal", HEX.parseHex("a26545706f636819010067" + "56657273696f6e" + "627631"));
        for (Map.Entry<String, byte[]> e : captures.entrySet()) {
            Response r = CODEC.decodeResponse(e.getValue());
            if (r instanceof Responses.NewPkiDocumentFrame p && p.payload() != null && p.payload().length > 0) {
                docs.putIfAbsent("seed-capture-" + e.getKey(), p.payload());
            } else if (r instanceof Responses.GetPkiDocumentReply p && p.payload() != null
                    && p.payload().length > 0) {
                signed.putIfAbsent("seed-capture-" + e.getKey(), p.payload());
            } else if (r instanceof Responses.GetDirectoryAuthoritiesReply p && p.authorities() != null) {
                authorities.put("seed-capture-list", new CborWriter().value(p.authorities()).toByteArray());
                int k = 0;
                for (Map<Object, Object> a : p.authorities()) {
                    authorities.put("seed-capture-" + k++, new CborWriter().value(a).toByteArray());
                }
            }
        }
        authorities.put("seed-sample", new CborWriter().value(Samples.authority("auth.example", 3)).toByteArray());
        count += replace(root.resolve("PkiFuzzTestInputs/pkiDocument"), docs);
        count += replace(root.resolve("PkiFuzzTestInputs/signedPkiDocument"), signed);
        count += replace(root.resolve("PkiFuzzTestInputs/directoryAuthority"), authorities);
        return count;
    }

    /** One capture per message kind (the first seen), keyed by kind, e.g. {@code encrypt_read_reply}. */
    private static Map<String, byte[]> captures(Path fixtures) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (fixtures == null || !Files.isDirectory(fixtures)) {
            return out;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(fixtures)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".cbor")).sorted().toList();
        }
        Set<String> seen = new HashSet<>();
        for (Path p : files) {
            String name = p.getFileName().toString();
            String kind = name.substring(name.indexOf('-') + 1, name.length() - ".cbor".length());
            byte[] body = Files.readAllBytes(p);
            CborReader.decode(body); // only well-formed captures make seeds
            if (seen.add(kind)) {
                out.put(kind, body);
            }
        }
        return out;
    }

    static byte[] framed(byte[]... bodies) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] b : bodies) {
            out.writeBytes(Frames.prefix(b.length));
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Replaces the {@code seed-*} files of one corpus folder, leaving any other file (crash reproducers) alone. */
    private static int replace(Path dir, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(dir);
        List<Path> old = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().startsWith("seed-")).forEach(old::add);
        }
        for (Path p : old) {
            Files.delete(p);
        }
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Files.write(dir.resolve(e.getKey().replaceAll("[^A-Za-z0-9._-]", "_")), e.getValue());
        }
        return files.size();
    }
}
