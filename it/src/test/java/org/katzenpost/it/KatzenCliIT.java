package org.katzenpost.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.cli.CliEnvironment;
import org.katzenpost.cli.Katzen;

/** The katzen tool against the real testnet: status, ping, and a file through Pigeonhole. */
@RequiresTestnet
class KatzenCliIT {
    @TempDir
    Path tmp;

    private record Result(int code, String stdout, String stderr) {}

    private Result katzen(String... args) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path cwd = Files.createDirectories(tmp.resolve("work"));
        CliEnvironment env = new CliEnvironment(Map.of("KATZEN_STORE", tmp.resolve("store/katzen.db").toString(),
                "KATZENPOST_THINCLIENT_CONFIG", Testnet.configPath().toString()), home, cwd,
                new ByteArrayInputStream(new byte[0]), false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Katzen.run(env, out, err, args);
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("katzen " + String.join(" ", args) + " -> " + code + "\n" + r.stdout + r.stderr);
        return r;
    }

    @Test
    void statusReportsTheLiveMixnet() throws Exception {
        Result r = katzen("status", "--json");
        assertThat(r.code()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("\"epoch\"").contains("echo");
    }

    @Test
    void pingEchoesThroughTheMixnet() throws Exception {
        Result r = katzen("ping", "-c", "3", "-i", "200ms", "-W", "120s");
        assertThat(r.code()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("3 sent, 3 received, 0% loss");
    }

    @Test
    void sendAndReceiveAFileByteIdentical() throws Exception {
        assertThat(katzen("genkey", "alice.channel", "--read-only", "bob.channel").code()).isZero();
        byte[] content = new byte[4000]; // three boxes: through a copy stream
        new Random(42).nextBytes(content);
        Files.write(tmp.resolve("work/payload.bin"), content);
        Result sent = katzen("send", "--channel", "alice.channel", "payload.bin");
        assertThat(sent.code()).as(sent.stderr()).isZero();
        Files.createDirectories(tmp.resolve("work/in"));
        Result got = katzen("receive", "--channel", "bob.channel", "-o", "in");
        assertThat(got.code()).as(got.stderr()).isZero();
        assertThat(Files.readAllBytes(tmp.resolve("work/in/payload.bin"))).isEqualTo(content);
    }
}
