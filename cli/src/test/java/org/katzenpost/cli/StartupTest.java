package org.katzenpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.cli.internal.ConsoleLogging;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** What keeps start-up short: only the command being run is modelled, the console logger, the training run. */
class StartupTest {
    @TempDir
    Path tmp;

    @AfterEach
    void restoreLogging() {
        ConsoleLogging.setLevel(null);
        ConsoleLogging.setSink(System.err);
    }

    @Test
    void theCommandIsTheFirstWordThatIsNotAnOptionOrItsValue() {
        assertThat(Katzen.commandNamed(new String[] {"status"})).isEqualTo("status");
        assertThat(Katzen.commandNamed(new String[] {"--config", "status", "pki", "--json"})).isEqualTo("pki");
        assertThat(Katzen.commandNamed(new String[] {"-v", "--timeout", "5s", "send", "--wait"})).isEqualTo("send");
        assertThat(Katzen.commandNamed(new String[] {"--config=x.toml", "-vv", "receive"})).isEqualTo("receive");
        // every command modelled: help, no command, a typo, and after "--"
        assertThat(Katzen.commandNamed(new String[] {"help", "send"})).isNull();
        assertThat(Katzen.commandNamed(new String[] {"--help"})).isNull();
        assertThat(Katzen.commandNamed(new String[] {"stauts"})).isNull();
        assertThat(Katzen.commandNamed(new String[] {"--", "status"})).isNull();
        assertThat(Katzen.commandNamed(new String[0])).isNull();
    }

    @Test
    void rootHelpAndTyposStillSeeEveryCommand() throws Exception {
        CliHarness h = new CliHarness(tmp);
        CliHarness.Result help = h.run("--help");
        assertThat(help.code()).as(help.toString()).isZero();
        for (String c : new String[] {"status", "pki", "authorities", "services", "ping", "send", "genkey", "receive",
            "demo", "help"}) {
            assertThat(help.stdout()).as(c).containsPattern("(?m)^ +" + c + " ");
        }
        CliHarness.Result typo = h.run("stauts");
        assertThat(typo.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(typo.stderr()).contains("Unmatched argument at index 0: 'stauts'");
        CliHarness.Result helpOf = h.run("help", "send");
        assertThat(helpOf.code()).as(helpOf.toString()).isZero();
        assertThat(helpOf.stdout()).contains("katzen send");
    }

    @Test
    void consoleLoggingIsSilentByDefaultAndPrintsFromTheLevelSet() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ConsoleLogging.setSink(new PrintStream(buf, true, StandardCharsets.UTF_8));
        org.slf4j.Logger log = LoggerFactory.getLogger("org.katzenpost.thin.Probe");
        assertThat(log.getClass().getName()).startsWith(ConsoleLogging.class.getName());

        ConsoleLogging.setLevel(null);
        log.error("not shown {}", 1);
        assertThat(log.isErrorEnabled()).isFalse();
        assertThat(buf.size()).isZero();

        ConsoleLogging.setLevel(Level.DEBUG);
        log.trace("not shown either");
        log.debug("connected to {} after {} ms", "tcp 127.0.0.1:1", 12);
        log.warn("failed", new IllegalStateException("boom"));
        String text = buf.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("not shown")
                .containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} DEBUG Probe - connected to tcp 127.0.0.1:1 after 12 ms")
                .contains("WARN  Probe - failed")
                .contains("java.lang.IllegalStateException: boom");
    }

    @Test
    void minusVTurnsOnDebugLoggingForTheRun() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ConsoleLogging.setSink(new PrintStream(buf, true, StandardCharsets.UTF_8));
        CliHarness h = new CliHarness(tmp);
        String cfg = h.writeConfig(CliHarness.closedPort()).toString();
        assertThat(h.run("status", "--config", cfg).code()).isEqualTo(ExitCodes.DAEMON_UNREACHABLE);
        assertThat(buf.size()).isZero();
        assertThat(h.run("-v", "status", "--config", cfg).code()).isEqualTo(ExitCodes.DAEMON_UNREACHABLE);
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains(" DEBUG ");
    }

    @Test
    void theTrainingRunOfTheStartUpArchiveRunsEveryCommandItNames() throws Exception {
        assertThat(Training.train()).isTrue();
    }
}
