package org.katzenpost.thin.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.katzenpost.thin.ConfigurationException;
import org.katzenpost.thin.Dial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ThinClientTomlTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    /** Reads the file and returns the failure message, checking that it names the file. */
    private String failure(String content) throws IOException {
        Path p = write("thinclient.toml", content);
        String message = null;
        try {
            ThinClientToml.readDial(p);
        } catch (ConfigurationException e) {
            message = e.getMessage();
        }
        assertThat(message).as("expected a ConfigurationException for:%n%s", content).isNotNull();
        assertThat(message).contains(p.toString());
        return message;
    }

    // ---- the three valid forms

    @Test
    void tcpWithNetwork() throws IOException {
        Dial d = ThinClientToml.readDial(write("t.toml", """
                [Dial]
                  [Dial.Tcp]
                    Address = "localhost:64331"   # required
                    Network = "tcp4"
                """));
        assertThat(d).isEqualTo(new Dial.Tcp("localhost:64331", "tcp4"));
        assertThat(d.toString()).isEqualTo("tcp4 localhost:64331");
    }

    @Test
    void tcpWithoutNetworkDefaultsToTcp() {
        Dial d = ThinClientToml.parseDial("[Dial]\n[Dial.Tcp]\nAddress = \"[::1]:64331\"\n", "x.toml");
        assertThat(d).isInstanceOfSatisfying(Dial.Tcp.class, t -> {
            assertThat(t.network()).isEqualTo("tcp");
            assertThat(t.host()).isEqualTo("::1");
            assertThat(t.port()).isEqualTo(64331);
        });
    }

    @Test
    void tcpWithEmptyNetworkDefaultsToTcp() {
        Dial d = ThinClientToml.parseDial("[Dial.Tcp]\nAddress = \"127.0.0.1:1\"\nNetwork = \"\"\n", "x.toml");
        assertThat(((Dial.Tcp) d).network()).isEqualTo("tcp");
    }

    @Test
    void unixPath() throws IOException {
        Dial d = ThinClientToml.readDial(write("u.toml", """
                [Dial]
                  [Dial.Unix]
                    Address = "/var/run/katzenpost/kpclientd.sock"
                """));
        assertThat(d).isEqualTo(new Dial.Unix("/var/run/katzenpost/kpclientd.sock"));
        assertThat(((Dial.Unix) d).isAbstract()).isFalse();
    }

    @Test
    void unixAbstract() {
        Dial d = ThinClientToml.parseDial("[Dial]\n[Dial.Unix]\nAddress = \"@katzenpost\"\n", "a.toml");
        assertThat(d).isInstanceOfSatisfying(Dial.Unix.class, u -> {
            assertThat(u.isAbstract()).isTrue();
            assertThat(u.abstractName()).isEqualTo("katzenpost");
        });
    }

    @Test
    void webSocket() throws IOException {
        Dial d = ThinClientToml.readDial(write("w.toml", """
                [Dial]
                  [Dial.Ws]                      # Go client only; daemon >= v0.0.92
                    Address = "ws://127.0.0.1:8080/"
                """));
        assertThat(d).isEqualTo(new Dial.Ws(URI.create("ws://127.0.0.1:8080/")));
    }

    @Test
    void dottedAndInlineFormsAreTheSameTables() {
        assertThat(ThinClientToml.parseDial("Dial.Tcp.Address = \"h:1\"\n", "d.toml"))
                .isEqualTo(Dial.tcp("h:1"));
        assertThat(ThinClientToml.parseDial("[Dial]\nUnix = { Address = \"/s\" }\n", "d.toml"))
                .isEqualTo(Dial.unix("/s"));
    }

    // ---- invalid files

    @Test
    void unknownKeyInTcpIsNamedWithItsPath() throws IOException {
        String m = failure("[Dial]\n[Dial.Tcp]\nAdress = \"localhost:64331\"\n");
        assertThat(m).contains("Dial.Tcp.Adress").contains("unknown key");
    }

    @Test
    void keysAreCaseSensitive() throws IOException {
        assertThat(failure("[Dial]\n[Dial.Tcp]\naddress = \"localhost:1\"\n")).contains("Dial.Tcp.address");
        assertThat(failure("[dial]\n[dial.tcp]\nAddress = \"localhost:1\"\n")).contains("dial");
        assertThat(failure("[Dial]\n[Dial.TCP]\nAddress = \"localhost:1\"\n")).contains("Dial.TCP");
    }

    @Test
    void networkIsNotAllowedInUnix() throws IOException {
        assertThat(failure("[Dial.Unix]\nAddress = \"/s\"\nNetwork = \"unix\"\n")).contains("Dial.Unix.Network");
    }

    @Test
    void unknownTopLevelTableIsRejected() throws IOException {
        String m = failure("[Dial.Unix]\nAddress = \"/s\"\n\n[SphinxGeometry]\nPacketLength = 3082\n");
        assertThat(m).contains("SphinxGeometry");
    }

    @Test
    void oldTopLevelNetworkAddressFormatIsRejected() throws IOException {
        String m = failure("Network = \"tcp\"\nAddress = \"127.0.0.1:64331\"\n");
        assertThat(m).containsAnyOf("Network", "Address");
    }

    @Test
    void unknownDialKindIsRejected() throws IOException {
        assertThat(failure("[Dial.Quic]\nAddress = \"x\"\n")).contains("Dial.Quic");
    }

    @Test
    void twoDialKindsAreRejected() throws IOException {
        String m = failure("[Dial.Tcp]\nAddress = \"h:1\"\n[Dial.Unix]\nAddress = \"/s\"\n");
        assertThat(m).contains("exactly one").contains("Dial.Tcp").contains("Dial.Unix");
    }

    @Test
    void noDialKindIsRejected() throws IOException {
        assertThat(failure("[Dial]\n")).contains("exactly one").contains("none");
    }

    @Test
    void missingDialTableIsRejected() throws IOException {
        assertThat(failure("")).contains("[Dial]");
        assertThat(failure("# only a comment\n")).contains("[Dial]");
    }

    @Test
    void missingAddressIsRejected() throws IOException {
        assertThat(failure("[Dial.Tcp]\nNetwork = \"tcp\"\n")).contains("Dial.Tcp.Address").contains("missing");
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("[Dial.Tcp]\nAddress = 64331\n", "Dial.Tcp.Address", "integer"),
                Arguments.of("[Dial.Tcp]\nAddress = \"h:1\"\nNetwork = 4\n", "Dial.Tcp.Network", "integer"),
                Arguments.of("[Dial.Unix]\nAddress = true\n", "Dial.Unix.Address", "boolean"),
                Arguments.of("[Dial.Unix]\nAddress = 1.5\n", "Dial.Unix.Address", "float"),
                Arguments.of("[Dial.Ws]\nAddress = [\"ws://h:1/\"]\n", "Dial.Ws.Address", "array"),
                Arguments.of("[Dial.Unix]\nAddress = 1979-05-27\n", "Dial.Unix.Address", "date"),
                Arguments.of("[Dial.Unix.Address]\nx = \"/s\"\n", "Dial.Unix.Address", "table"),
                Arguments.of("Dial = \"tcp\"\n", "Dial", "string"),
                Arguments.of("[Dial]\nTcp = \"localhost:1\"\n", "Dial.Tcp", "string"));
    }

    @ParameterizedTest
    @MethodSource("wrongTypes")
    void wrongTypesAreRejected(String content, String key, String type) throws IOException {
        assertThat(failure(content)).contains(key).contains(type);
    }

    @Test
    void badNetworkValueIsRejected() throws IOException {
        String m = failure("[Dial.Tcp]\nAddress = \"h:1\"\nNetwork = \"udp\"\n");
        assertThat(m).contains("Dial.Tcp.Network").contains("udp").contains("tcp4");
        // a case variant is a different value
        assertThat(failure("[Dial.Tcp]\nAddress = \"h:1\"\nNetwork = \"TCP\"\n")).contains("Dial.Tcp.Network");
    }

    @Test
    void badAddressValuesNameTheKey() throws IOException {
        assertThat(failure("[Dial.Tcp]\nAddress = \"localhost\"\n")).contains("Dial.Tcp.Address").contains("port");
        assertThat(failure("[Dial.Tcp]\nAddress = \"::1:80\"\n")).contains("Dial.Tcp.Address").contains("brackets");
        assertThat(failure("[Dial.Tcp]\nAddress = \"h:99999\"\n")).contains("Dial.Tcp.Address");
        assertThat(failure("[Dial.Unix]\nAddress = \"\"\n")).contains("Dial.Unix.Address").contains("empty");
        assertThat(failure("[Dial.Unix]\nAddress = \"@\"\n")).contains("Dial.Unix.Address");
        assertThat(failure("[Dial.Ws]\nAddress = \"http://h:1/\"\n")).contains("Dial.Ws.Address").contains("ws://");
        assertThat(failure("[Dial.Ws]\nAddress = \"ws://h:1/ a b\"\n")).contains("Dial.Ws.Address");
    }

    @Test
    void syntaxErrorNamesTheFile() throws IOException {
        String m = failure("[Dial\n[Dial.Tcp]\nAddress = \"h:1\"\n");
        assertThat(m).contains("invalid TOML");
        assertThat(failure("[Dial.Tcp]\nAddress = \"h:1\n")).contains("invalid TOML");
        assertThat(failure("[Dial.Tcp]\nAddress = \"h:1\"\nAddress = \"h:2\"\n")).contains("invalid TOML");
    }

    @Test
    void missingFileNamesTheFile() {
        Path p = dir.resolve("nope").resolve("thinclient.toml");
        assertThatThrownBy(() -> ThinClientToml.readDial(p))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(p.toString())
                .hasMessageContaining("not found");
    }

    @Test
    void unreadableFileNamesTheFile() throws IOException {
        // a directory cannot be read as a file, even by root
        Path d = Files.createDirectory(dir.resolve("adir.toml"));
        assertThatThrownBy(() -> ThinClientToml.readDial(d))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(d.toString())
                .hasMessageContaining("cannot read")
                .hasMessageEndingWith("cannot read configuration file: Is a directory");
    }

    @Test
    void readsAFileOfAnotherFileSystem() throws IOException {
        // the default file system's files are read another way (docs/performance.md, "The first call, cold JVM")
        Path zip = dir.resolve("conf.zip");
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of("create", "true"))) {
            Path toml = fs.getPath("/thinclient.toml");
            Files.writeString(toml, "[Dial]\n[Dial.Tcp]\nNetwork = \"tcp\"\nAddress = \"localhost:64331\"\n");
            assertThat(ThinClientToml.readDial(toml)).isInstanceOf(Dial.Tcp.class);
            Path missing = fs.getPath("/none.toml");
            assertThatThrownBy(() -> ThinClientToml.readDial(missing))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("not found");
        }
    }

    @Test
    void invalidUtf8NamesTheFile() throws IOException {
        Path p = dir.resolve("bin.toml");
        Files.write(p, new byte[] {'[', 'D', 'i', 'a', 'l', ']', '\n', (byte) 0xff, (byte) 0xfe});
        assertThatThrownBy(() -> ThinClientToml.readDial(p))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(p.toString());
    }

    @Test
    void parseDialNamesTheGivenSource() {
        assertThatThrownBy(() -> ThinClientToml.parseDial("[Dial.Tcp]\nAdress = \"h:1\"\n", "embedded-config"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("embedded-config")
                .hasMessageContaining("Dial.Tcp.Adress");
    }
}
