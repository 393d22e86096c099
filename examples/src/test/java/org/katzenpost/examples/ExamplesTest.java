package org.katzenpost.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each example runs against the simulator when given no --config, and says so. */
class ExamplesTest {
    private static String run(java.util.function.Consumer<String[]> main, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            main.accept(args);
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("SIMULATOR");
        return out;
    }

    @Test
    void echoPing() {
        assertThat(run(EchoPing::main)).contains("reply 3: \"ping 3\"");
    }

    @Test
    void printPkiDocument() {
        assertThat(run(PrintPkiDocument::main)).containsIgnoringCase("epoch");
        assertThat(run(PrintPkiDocument::main, "--json")).contains("{");
    }

    @Test
    void mixnetStatus() {
        assertThat(run(MixnetStatus::main)).contains("mixnet:      connected").contains("service:     echo");
    }

    @Test
    void aliceBobChat() {
        assertThat(run(AliceBobChat::main)).contains("Alice -> Bob  : Hi Bob!").contains("Bob   -> Alice: Hi Alice");
    }

    @Test
    void groupChat() {
        String out = run(GroupChatExample::main);
        assertThat(out).contains("[carol] alice: Next book: Dune?").contains("[carol] bob: Yes!")
                .contains("[dave ] * alice introduced bob (added)")
                .contains("[alice] dave: Hello book club, I'm Dave")
                .contains("[bob  ] dave: Hello book club, I'm Dave")
                .contains("[bob  ] alice: (said on my new stream)")
                .contains("[dave ] alice: (said on my new stream)");
    }
}
