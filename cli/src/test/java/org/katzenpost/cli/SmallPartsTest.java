package org.katzenpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File-name sanitising, the file header, the config lookup order, durations, JSON. */
class SmallPartsTest {
    @TempDir
    Path tmp;

    @Test
    void safeNamesPass() {
        for (String ok : new String[] {"a.txt", "report 2024.pdf", "ünïcødé.md", ".hidden", "a..b"}) {
            if (ok.equals("a..b")) {
                continue; // contains ".." and is refused, see below
            }
            assertThat(FileNames.sanitize(ok)).isEqualTo(ok);
        }
    }

    @Test
    void unsafeNamesAreRefused() {
        String[] bad = {"", ".", "..", "../x", "x/..", "a/b", "/etc/passwd", "a\\b", "..\\x", "a\u0000b", "a\nb",
            "a\rb", "a\u001bb", "a\u007fb", "a\u0085b", "a\u202eb", "a\u2028b", "x".repeat(256), "   ", "a..b"};
        for (String b : bad) {
            assertThatThrownBy(() -> FileNames.sanitize(b)).as("%s", b.replace("\u0000", "\\0"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(FileNames.printable("a\u001b[31mb")).isEqualTo("a?[31mb");
    }

    @Test
    void fileHeaderIsTheCborMapPigeonholeCpWrites() {
        byte[] h = FileHeader.encode("a", 1);
        assertThat(HexFormat.of().formatHex(h)).isEqualTo("a2646e616d656161647369" + "7a6501");
        FileHeader d = FileHeader.decode(concat(h, new byte[] {42}));
        assertThat(d.name()).isEqualTo("a");
        assertThat(d.size()).isEqualTo(1);
        assertThat(d.length()).isEqualTo(h.length);
        FileHeader big = FileHeader.decode(FileHeader.encode("big.iso", 5_000_000_000L));
        assertThat(big.size()).isEqualTo(5_000_000_000L);
        assertThatThrownBy(() -> FileHeader.decode(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileHeader.decode(new byte[] {(byte) 0xa2, 0x64})).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private CliEnvironment env(Map<String, String> vars, Path home, Path cwd) {
        return new CliEnvironment(vars, home, cwd, new ByteArrayInputStream(new byte[0]), false);
    }

    @Test
    void configLookupOrder() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path cwd = Files.createDirectories(tmp.resolve("cwd"));
        Path option = Files.writeString(tmp.resolve("opt.toml"), "x");
        Path fromEnv = Files.writeString(tmp.resolve("env.toml"), "x");
        Path user = home.resolve(".config/katzenpost/thinclient.toml");
        Path local = cwd.resolve("thinclient.toml");

        CliEnvironment e = env(Map.of(), home, cwd);
        assertThat(ConfigLocator.locate(null, e)).isEmpty();
        Files.writeString(local, "x");
        assertThat(ConfigLocator.locate(null, e).orElseThrow().source()).isEqualTo(ConfigLocator.Source.WORKING_DIRECTORY);
        Files.createDirectories(user.getParent());
        Files.writeString(user, "x");
        assertThat(ConfigLocator.locate(null, e).orElseThrow().path()).isEqualTo(user);
        CliEnvironment withEnv = env(Map.of(ConfigLocator.ENV, fromEnv.toString()), home, cwd);
        assertThat(ConfigLocator.locate(null, withEnv).orElseThrow().path()).isEqualTo(fromEnv);
        assertThat(ConfigLocator.locate(option, withEnv).orElseThrow().path()).isEqualTo(option);
        assertThat(ConfigLocator.locate(Path.of("thinclient.toml"), withEnv).orElseThrow().path()).isEqualTo(local);

        CliEnvironment broken = env(Map.of(ConfigLocator.ENV, tmp.resolve("nope.toml").toString()), home, cwd);
        assertThatThrownBy(() -> ConfigLocator.locate(null, broken)).isInstanceOf(CliException.class)
                .hasMessageContaining(ConfigLocator.ENV);
        assertThatThrownBy(() -> ConfigLocator.locate(tmp.resolve("nope.toml"), withEnv)).isInstanceOf(CliException.class)
                .extracting(x -> ((CliException) x).exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void storeLocationOrder() {
        Path home = tmp.resolve("h");
        StoreOption o = new StoreOption();
        assertThat(o.resolve(env(Map.of(), home, tmp))).isEqualTo(home.resolve(".local/share/katzenpost/katzen.db"));
        assertThat(o.resolve(env(Map.of("XDG_DATA_HOME", "/x"), home, tmp))).isEqualTo(Path.of("/x/katzenpost/katzen.db"));
        assertThat(o.resolve(env(Map.of(StoreOption.ENV, "/y.db", "XDG_DATA_HOME", "/x"), home, tmp)))
                .isEqualTo(Path.of("/y.db"));
        o.store = Path.of("z.db");
        assertThat(o.resolve(env(Map.of(StoreOption.ENV, "/y.db"), home, tmp))).isEqualTo(tmp.resolve("z.db"));
    }

    @Test
    void durations() {
        assertThat(Katzen.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Katzen.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Katzen.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Katzen.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Katzen.parseDuration("3")).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> Katzen.parseDuration("soon")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a duration: 'soon' (use e.g. 500ms, 30s, 2m, 1h)");
        assertThatThrownBy(() -> Katzen.parseDuration("0s")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be positive: 0s");
        // picocli shows a TypeConversionException's message as it is
        assertThatThrownBy(() -> new Katzen.DurationConverter().convert("soon"))
                .isInstanceOf(picocli.CommandLine.TypeConversionException.class)
                .hasMessage("not a duration: 'soon' (use e.g. 500ms, 30s, 2m, 1h)");
    }

    @Test
    void jsonEscapes() {
        assertThat(Json.write(Map.of("k", "a\"b\\c\n\u0001"))).isEqualTo("{\n  \"k\": \"a\\\"b\\\\c\\n\\u0001\"\n}");
        assertThat(Json.write(java.util.List.of())).isEqualTo("[]");
    }

    @Test
    void channelFileRoundTripAndErrorsHideSecrets() {
        ChannelFile c = new ChannelFile(new byte[] {1, 2}, new byte[] {3}, new byte[] {4});
        ChannelFile back = ChannelFile.parse(c.render(), "t");
        assertThat(back.writeCap()).containsExactly(1, 2);
        assertThat(ChannelFile.parse(c.readOnly().render(), "t").canWrite()).isFalse();
        assertThat(c.toString()).doesNotContain("AQI");
        String broken = c.render().replace("write_cap = \"AQI=\"", "write_cap = \"SECRET!!!\"");
        assertThatThrownBy(() -> ChannelFile.parse(broken, "t")).hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> ChannelFile.parse("kind = \"other\"", "t")).isInstanceOf(CliException.class);
    }
}
