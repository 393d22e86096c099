package org.katzenpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.testkit.KpclientdSimulator;

/** {@code katzen chat} against the simulator: two people, each with their own store. */
class ChatCommandTest {
    @TempDir
    Path tmp;

    KpclientdSimulator sim;
    CliHarness h;
    String cfg;
    String aliceDb;
    String bobDb;

    @BeforeEach
    void setUp() throws Exception {
        sim = KpclientdSimulator.builder().tcp().pigeonholeLatency(Duration.ofMillis(1)).start();
        h = new CliHarness(tmp);
        cfg = h.configFor(sim).toString();
        aliceDb = tmp.resolve("alice.db").toString();
        bobDb = tmp.resolve("bob.db").toString();
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private CliHarness.Result ok(String... args) {
        CliHarness.Result r = h.run(args);
        assertThat(r.code()).as(r.toString()).isZero();
        return r;
    }

    @Test
    void twoPeopleChatThroughTheCli() {
        String aliceIntro = ok("chat", "create", "team", "--name", "alice", "--store", aliceDb, "--config", cfg)
                .stdout().strip();
        assertThat(aliceIntro).startsWith("KATZEN-INTRO1:");
        String bobIntro = ok("chat", "create", "team", "--name", "bob", "--store", bobDb, "--config", cfg)
                .stdout().strip();
        assertThat(ok("chat", "add", "team", bobIntro, "--store", aliceDb).stdout()).contains("added bob");
        CliHarness.Result viaStdin = h.runWithStdin((aliceIntro + "\n").getBytes(StandardCharsets.UTF_8),
                "chat", "add", "team", "-", "--store", bobDb);
        assertThat(viaStdin.code()).as(viaStdin.toString()).isZero();

        ok("chat", "say", "team", "hello", "bob", "--store", aliceDb, "--config", cfg);
        ok("chat", "say", "team", "second", "--store", aliceDb, "--config", cfg);
        CliHarness.Result f = ok("chat", "follow", "team", "-n", "1", "--wait", "20s", "--store", bobDb,
                "--config", cfg);
        assertThat(f.stdout()).contains("alice (").contains("): hello bob").doesNotContain("second");
        // the next follow continues after what was printed
        CliHarness.Result g = ok("chat", "follow", "team", "-n", "1", "--wait", "20s", "--store", bobDb,
                "--config", cfg);
        assertThat(g.stdout()).contains("): second").doesNotContain("hello bob");
        CliHarness.Result none = h.run("chat", "follow", "team", "-n", "1", "--wait", "1s", "--store", bobDb,
                "--config", cfg);
        assertThat(none.code()).isEqualTo(ExitCodes.TIMEOUT);

        assertThat(ok("chat", "members", "team", "--store", bobDb).stdout()).contains("bob  (you)").contains("alice");
        assertThat(ok("chat", "rooms", "--store", bobDb).stdout().strip()).isEqualTo("team");
        assertThat(ok("chat", "intro", "team", "--store", aliceDb).stdout().strip()).isEqualTo(aliceIntro);
    }

    @Test
    void mistakesAreReportedWithoutSecrets() {
        String intro = ok("chat", "create", "team", "--name", "alice", "--store", aliceDb, "--config", cfg)
                .stdout().strip();
        CliHarness.Result bad = h.run("chat", "add", "team", intro.substring(0, intro.length() - 3), "--store",
                aliceDb);
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.stderr()).contains("not an introduction").doesNotContain(intro.substring(20, 60));
        CliHarness.Result self = h.run("chat", "add", "team", intro, "--store", aliceDb);
        assertThat(self.code()).isNotZero();
        assertThat(self.stderr()).doesNotContain(intro.substring(20, 60));
        CliHarness.Result missing = h.run("chat", "say", "nope", "hi", "--store", aliceDb, "--config", cfg);
        assertThat(missing.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(missing.stderr()).contains("no chat room \"nope\"");
        CliHarness.Result lonely = h.run("chat", "follow", "team", "--store", aliceDb, "--config", cfg);
        assertThat(lonely.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(lonely.stderr()).contains("no other member");
    }
}
