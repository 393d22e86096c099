package org.katzenpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.pki.SignedPkiDocument;

/** status, pki, authorities, services against the simulator. */
class InfoCommandsTest {
    static KpclientdSimulator sim;

    @TempDir
    Path tmp;

    CliHarness h;
    String cfg;

    @BeforeAll
    static void startSim() {
        sim = KpclientdSimulator.builder().tcp().start();
    }

    @AfterAll
    static void stopSim() {
        sim.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        h = new CliHarness(tmp);
        cfg = h.configFor(sim).toString();
    }

    @Test
    void statusShowsConnectionEpochAndCounts() {
        CliHarness.Result r = h.run("status", "--config", cfg);
        assertThat(r.code()).as(r.toString()).isZero();
        long epoch = sim.pkiDocument().document().epoch();
        assertThat(r.stdout()).contains("mixnet:     connected").contains("epoch:      " + epoch)
                .contains("nodes:").contains("services:").contains("echo").contains("courier");
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void statusJson() {
        CliHarness.Result r = h.run("--config", cfg, "status", "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("\"mixnet_connected\": true").contains("\"epoch\": ")
                .contains("\"nodes\": ").contains("\"services\": ");
    }

    @Test
    void statusStatsShowsTheProbeCallsPerKind() {
        CliHarness.Result r = h.run("status", "--config", cfg, "--stats");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("statistics (this command's connection):")
                .containsPattern("get_directory_authorities +1 +1 +0 +0 ")
                .containsPattern("get_pki_document +1 +1 +0 +0 ")
                .contains("0 reconnects").contains("dropped by full queues");
    }

    @Test
    void statusStatsJson() {
        CliHarness.Result r = h.run("status", "--config", cfg, "--stats", "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("\"statistics\": {").contains("\"get_pki_document\": {")
                .contains("\"completed\": 1").contains("\"latency_p99_us\": ").contains("\"reconnects\": 0");
    }

    @Test
    void statusOverAUnixSocketPath() throws Exception {
        Path socket = tmp.resolve("kpclientd.sock");
        try (KpclientdSimulator unix = KpclientdSimulator.builder().unixPath(socket).start()) {
            CliHarness.Result r = h.run("status", "--config", h.writeUnixConfig(socket).toString());
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.stdout()).contains("mixnet:     connected")
                    .contains("epoch:      " + unix.pkiDocument().document().epoch());
        }
    }

    @Test
    void anAbsentUnixSocketExitsThreeAndSaysWhatToDo() throws Exception {
        Path socket = tmp.resolve("nobody-listens.sock");
        CliHarness.Result r = h.run("status", "--config", h.writeUnixConfig(socket).toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.DAEMON_UNREACHABLE);
        assertThat(r.stderr()).contains("cannot reach kpclientd at").contains(socket.toString())
                .contains("is it running?");
    }

    @Test
    void statusOfAnOfflineDaemonExitsFive() throws Exception {
        try (KpclientdSimulator offline = KpclientdSimulator.builder().tcp().mixnetConnected(false).start()) {
            CliHarness.Result r = h.run("status", "--config", h.configFor(offline).toString());
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OFFLINE);
            assertThat(r.stdout()).contains("OFFLINE");
        }
    }

    @Test
    void unreachableDaemonExitsThreeAndSaysWhatToDo() throws Exception {
        String addr = CliHarness.closedPort();
        CliHarness.Result r = h.run("status", "--config", h.writeConfig(addr).toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.DAEMON_UNREACHABLE);
        assertThat(r.stderr()).contains("cannot reach kpclientd at tcp " + addr).contains("is it running?")
                .contains("--config");
    }

    @Test
    void noConfigurationAnywhereExitsThreeAndPointsToDemo() {
        CliHarness.Result r = h.run("status");
        assertThat(r.code()).isEqualTo(ExitCodes.DAEMON_UNREACHABLE);
        assertThat(r.stderr()).contains("no kpclientd configuration found").contains("katzen demo");
    }

    @Test
    void pkiPrettyPrintsTheCurrentDocument() {
        CliHarness.Result r = h.run("pki", "--config", cfg);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains(String.valueOf(sim.pkiDocument().document().epoch()));
    }

    @Test
    void pkiJson() {
        CliHarness.Result r = h.run("pki", "--json", "--config", cfg);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.stdout().strip()).startsWith("{").endsWith("}");
    }

    @Test
    void pkiRawToFileParsesAsTheSignedDocument() throws Exception {
        Path out = tmp.resolve("doc.cbor");
        CliHarness.Result r = h.run("pki", "--raw", "-o", out.toString(), "--config", cfg);
        assertThat(r.code()).as(r.toString()).isZero();
        SignedPkiDocument signed = SignedPkiDocument.parse(Files.readAllBytes(out));
        assertThat(signed.document().epoch()).isEqualTo(sim.pkiDocument().document().epoch());
    }

    @Test
    void pkiRawToStdoutWhenPiped() {
        CliHarness.Result r = h.run("pki", "--raw", "--config", cfg);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(SignedPkiDocument.parse(r.stdoutBytes()).document()).isNotNull();
    }

    @Test
    void pkiRawRefusesATerminal() {
        h.interactive = true;
        CliHarness.Result r = h.run("pki", "--raw", "--config", cfg);
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr()).contains("-o FILE");
    }

    @Test
    void pkiOfAnUnknownEpochFails() {
        CliHarness.Result r = h.run("pki", "--epoch", "12345", "--config", cfg);
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.stderr()).startsWith("katzen: ");
    }

    @Test
    void authorities() {
        CliHarness.Result r = h.run("authorities", "--config", cfg);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("directory authorit");
        CliHarness.Result j = h.run("authorities", "--json", "--config", cfg);
        assertThat(j.code()).isZero();
        assertThat(j.stdout().strip()).startsWith("[");
    }

    @Test
    void servicesAllAndByCapability() {
        CliHarness.Result r = h.run("services", "--config", cfg);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("CAPABILITY").contains("echo").contains("courier");
        CliHarness.Result echo = h.run("services", "echo", "--json", "--config", cfg);
        assertThat(echo.code()).isZero();
        assertThat(echo.stdout()).contains("\"capability\": \"echo\"").doesNotContain("courier");
        CliHarness.Result none = h.run("services", "nosuch", "--config", cfg);
        assertThat(none.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(none.stdout()).contains("no \"nosuch\" service");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(h.run().code()).isEqualTo(ExitCodes.USAGE);
        assertThat(h.run("frobnicate").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(h.run("status", "--bogus").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(h.run("status", "--config", tmp.resolve("missing.toml").toString()).code()).isEqualTo(ExitCodes.USAGE);
        CliHarness.Result help = h.run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.stdout()).contains("Exit codes:").contains("3  kpclientd unreachable");
        for (String cmd : new String[] {"status", "pki", "authorities", "services", "ping", "send", "genkey",
            "receive", "demo"}) {
            CliHarness.Result r = h.run(cmd, "--help");
            assertThat(r.code()).as(cmd).isZero();
            assertThat(r.stdout()).as(cmd).contains("Usage: katzen " + cmd);
        }
    }

    @Test
    void malformedConfigIsAUsageError() throws Exception {
        Path bad = tmp.resolve("bad.toml");
        Files.writeString(bad, "[Dial]\n  [Dial.Tcp]\n    Adress = \"x\"\n");
        CliHarness.Result r = h.run("status", "--config", bad.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr()).contains("Adress");
    }
}
