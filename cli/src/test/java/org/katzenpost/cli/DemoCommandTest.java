package org.katzenpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.testkit.KpclientdSimulator;

class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void withoutADaemonItRunsTheSimulationAndSaysSoAtTopAndBottom() throws Exception {
        CliHarness h = new CliHarness(tmp);
        CliHarness.Result r = h.run("demo", "--pings", "2");
        assertThat(r.code()).as(r.toString()).isZero();
        String[] lines = r.stdout().strip().split("\n");
        assertThat(String.join("\n", java.util.Arrays.copyOfRange(lines, 0, 3))).contains("SIMULATION")
                .contains("no kpclientd is configured");
        assertThat(String.join("\n", java.util.Arrays.copyOfRange(lines, lines.length - 4, lines.length)))
                .contains("END OF SIMULATION");
        assertThat(r.stdout()).contains("[1/4]").contains("[2/4]").contains("2 sent, 2 received")
                .contains("[3/4]").contains("Bob:   read \"Hello Bob").contains("[4/4]")
                .contains("SHA-256 of the received file matches").contains("All four steps worked.");
    }

    @Test
    void anUnreachableConfiguredDaemonFallsBackToTheSimulationAndSaysWhy() throws Exception {
        CliHarness h = new CliHarness(tmp);
        Path cfg = h.writeConfig(CliHarness.closedPort());
        Files.createDirectories(h.home.resolve(".config/katzenpost"));
        Files.copy(cfg, h.home.resolve(".config/katzenpost/thinclient.toml"));
        CliHarness.Result r = h.run("demo", "--pings", "1");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("SIMULATION").contains("is not reachable");
    }

    @Test
    void withAReachableDaemonItRunsLive() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().start()) {
            CliHarness h = new CliHarness(tmp);
            CliHarness.Result r = h.run("demo", "--pings", "1", "--config", h.configFor(sim).toString());
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.stdout()).contains("LIVE: kpclientd at").doesNotContain("SIMULATION")
                    .contains("All four steps worked.");
        }
    }

    @Test
    void anExplicitUnreachableConfigIsAnError() throws Exception {
        CliHarness h = new CliHarness(tmp);
        CliHarness.Result r = h.run("demo", "--config", h.writeConfig(CliHarness.closedPort()).toString());
        assertThat(r.code()).isEqualTo(ExitCodes.DAEMON_UNREACHABLE);
        assertThat(r.stderr()).contains("is it running?");
    }
}
