package org.katzenpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.testkit.KpclientdSimulator;

/** ping and send --service against the simulator. */
class MessagingCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void pingPrintsRepliesAndASummary() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().start()) {
            CliHarness h = new CliHarness(tmp);
            CliHarness.Result r = h.run("ping", "-c", "3", "-i", "20ms", "-s", "100", "--config",
                    h.configFor(sim).toString());
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.stdout()).contains("PING echo").contains("seq=1 time=").contains("seq=3 time=")
                    .contains("3 sent, 3 received, 0% loss").contains("rtt min/median/max = ");
        }
    }

    @Test
    void pingWithAllRepliesLostExitsFour() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().echoDropProbability(1.0).start()) {
            CliHarness h = new CliHarness(tmp);
            CliHarness.Result r = h.run("ping", "-c", "2", "-i", "10ms", "-W", "300ms", "--config",
                    h.configFor(sim).toString());
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.TIMEOUT);
            assertThat(r.stdout()).contains("2 sent, 0 received, 100% loss").contains("no reply within");
        }
    }

    @Test
    void pingJson() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().start()) {
            sim.dropNextEchoReplies(1);
            CliHarness h = new CliHarness(tmp);
            CliHarness.Result r = h.run("ping", "-c", "2", "-i", "10ms", "-W", "1s", "--json", "--config",
                    h.configFor(sim).toString());
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.stdout()).contains("\"sent\": 2").contains("\"received\": 1").contains("\"loss_percent\": 50");
        }
    }

    @Test
    void pingOfflineExitsFive() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().mixnetConnected(false).start()) {
            CliHarness h = new CliHarness(tmp);
            CliHarness.Result r = h.run("ping", "-c", "1", "--config", h.configFor(sim).toString());
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OFFLINE);
        }
    }

    @Test
    void pingRejectsOversizedPayload() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().start()) {
            CliHarness h = new CliHarness(tmp);
            CliHarness.Result r = h.run("ping", "-s", "100000", "--config", h.configFor(sim).toString());
            assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.stderr()).contains("message limit");
        }
    }

    @Test
    void sendStdinToEchoAndWaitForTheReply() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().start()) {
            CliHarness h = new CliHarness(tmp);
            CliHarness.Result r = h.runWithStdin("hello mixnet".getBytes(StandardCharsets.UTF_8),
                    "send", "--service", "echo", "--wait", "--config", h.configFor(sim).toString());
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.stdout()).isEqualTo("hello mixnet");
            assertThat(r.stderr()).contains("reply of 12 bytes");
        }
    }

    @Test
    void sendAFileWithoutWaiting() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().start()) {
            CliHarness h = new CliHarness(tmp);
            Files.writeString(h.cwd.resolve("msg.txt"), "fire and forget");
            CliHarness.Result r = h.run("send", "--service", "echo", "msg.txt", "--config", h.configFor(sim).toString());
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.stderr()).contains("sent 15 bytes to echo");
        }
    }

    @Test
    void sendReplyToFile() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().start()) {
            CliHarness h = new CliHarness(tmp);
            CliHarness.Result r = h.runWithStdin(new byte[] {1, 2, 3}, "send", "--service", "echo", "--wait", "-o",
                    "reply.bin", "--config", h.configFor(sim).toString());
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(Files.readAllBytes(h.cwd.resolve("reply.bin"))).containsExactly(1, 2, 3);
        }
    }

    @Test
    void sendTooLargeOrUnknownServiceFails() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().start()) {
            CliHarness h = new CliHarness(tmp);
            String cfg = h.configFor(sim).toString();
            CliHarness.Result big = h.runWithStdin(new byte[100_000], "send", "--service", "echo", "--config", cfg);
            assertThat(big.code()).isEqualTo(ExitCodes.USAGE);
            CliHarness.Result none = h.runWithStdin(new byte[] {1}, "send", "--service", "nosuch", "--config", cfg);
            assertThat(none.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(none.stderr()).contains("nosuch");
            CliHarness.Result both = h.run("send", "--service", "echo", "--channel", "x", "--config", cfg);
            assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
        }
    }
}
