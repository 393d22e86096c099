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
        assertThat(Commands.commandNamed(new String[] {"status"})).isEqualTo("status");
        assertThat(Commands.commandNamed(new String[] {"--config", "status", "pki", "--json"})).isEqualTo("pki");
        assertThat(Commands.commandNamed(new String[] {"-v", "--timeout", "5s", "send", "--wait"})).isEqualTo("send");
        assertThat(Commands.commandNamed(new String[] {"--config=x.toml", "-vv", "receive"})).isEqualTo("receive");
        // every command modelled: help, no command, a typo, and after "--"
        assertThat(Commands.commandNamed(new String[] {"help", "send"})).isNull();
        assertThat(Commands.commandNamed(new String[] {"--help"})).isNull();
        assertThat(Commands.commandNamed(new String[] {"stauts"})).isNull();
        assertThat(Commands.commandNamed(new String[] {"--", "status"})).isNull();
        assertThat(Commands.commandNamed(new String[0])).isNull();
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
    void usageErrorsOfTheParserKeepTheirMessages() throws Exception {
        CliHarness h = new CliHarness(tmp);
        CliHarness.Result none = h.run();
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.stderr()).isEqualTo("katzen: missing COMMAND (try `katzen demo`)\nTry `katzen --help`.\n");
        CliHarness.Result badTimeout = h.run("status", "--timeout", "soon");
        assertThat(badTimeout.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badTimeout.stderr()).isEqualTo("katzen: Invalid value for option '--timeout': not a duration: 'soon'"
                + " (use e.g. 500ms, 30s, 2m, 1h)\nTry `katzen status --help`.\n");
        CliHarness.Result zeroInterval = h.run("ping", "-i", "0s");
        assertThat(zeroInterval.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(zeroInterval.stderr()).isEqualTo("katzen: Invalid value for option '-i': must be positive: 0s\n"
                + "Try `katzen ping --help`.\n");
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
    void plainStatusIsSetUpWithoutTheParserOnlyForItsOwnAndTheCommonOptions() {
        Katzen root = new Katzen(null, null, null, null);
        StatusCommand s = Katzen.plainStatus(root, new String[] {"-vv", "--config=/x.toml", "status", "--json",
            "--timeout", "1.5s", "--stats"});
        assertThat(s).isNotNull();
        assertThat(s.root).isSameAs(root);
        assertThat(s.json).isTrue();
        assertThat(s.stats).isTrue();
        assertThat(root.config).isEqualTo(Path.of("/x.toml"));
        assertThat(root.verbose).hasSize(2);
        assertThat(root.requestTimeout()).isEqualTo(java.time.Duration.ofMillis(1500));
        Katzen bare = new Katzen(null, null, null, null);
        assertThat(Katzen.plainStatus(bare, new String[] {"status"})).isNotNull();
        assertThat(bare.config).isNull();
        assertThat(bare.verbose).isEmpty();
        assertThat(bare.requestTimeout()).isEqualTo(java.time.Duration.ofSeconds(60));
        // everything else goes through picocli, which has the messages for it
        for (String[] args : new String[][] {
            {}, {"pki"}, {"status", "--help"}, {"status", "-h"}, {"status", "--version"}, {"help", "status"},
            {"status", "status"}, {"--json", "status"}, {"status", "--json", "--json"}, {"status", "-v", "-v"},
            {"status", "--config"}, {"status", "--config", "--json"}, {"status", "--config="},
            {"status", "--config", "a", "--config", "b"}, {"status", "--timeout", "soon"}, {"status", "--timeout", "0"},
            {"status", "--"}, {"status", "--bogus"}, {"status", "-x"}, {"status", "extra"}, {"stauts"}}) {
            assertThat(Katzen.plainStatus(new Katzen(null, null, null, null), args)).as(String.join(" ", args)).isNull();
        }
    }

    @Test
    void plainStatusPrintsAndExitsAsThroughTheParser() throws Exception {
        CliHarness h = new CliHarness(tmp);
        try (org.katzenpost.testkit.KpclientdSimulator sim =
                org.katzenpost.testkit.KpclientdSimulator.builder().tcp().start()) {
            String cfg = h.configFor(sim).toString();
            for (String[] args : new String[][] {{"status", "--config", cfg}, {"status", "--json", "--config", cfg}}) {
                CliHarness.Result plain = h.run(args);
                // a trailing "--" ends the options for picocli and sends the same command through it
                String[] parsedArgs = java.util.Arrays.copyOf(args, args.length + 1);
                parsedArgs[args.length] = "--";
                CliHarness.Result parsed = h.run(parsedArgs);
                assertThat(plain.code()).as(plain.toString()).isZero();
                assertThat(plain.code()).isEqualTo(parsed.code());
                assertThat(plain.stdout()).isEqualTo(parsed.stdout());
                assertThat(plain.stderr()).isEqualTo(parsed.stderr()).isEmpty();
            }
        }
        for (String cfg : new String[] {h.writeConfig(CliHarness.closedPort()).toString(),
            tmp.resolve("missing.toml").toString()}) {
            CliHarness.Result plain = h.run("status", "--config", cfg);
            CliHarness.Result parsed = h.run("status", "--config", cfg, "--");
            assertThat(plain.code()).as(plain.toString()).isIn(ExitCodes.DAEMON_UNREACHABLE, ExitCodes.USAGE);
            assertThat(plain.code()).isEqualTo(parsed.code());
            assertThat(plain.stdout()).isEqualTo(parsed.stdout()).isEmpty();
            assertThat(plain.stderr()).isEqualTo(parsed.stderr()).startsWith("katzen: ");
        }
    }

    @Test
    void theTrainingRunOfTheStartUpArchiveRunsEveryCommandItNames() throws Exception {
        assertThat(Training.train(false)).isTrue();
        assertThat(Training.train(true)).isTrue();
    }
}
