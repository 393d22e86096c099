package org.katzenpost.thin.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.testkit.internal.wire.RequestDecoder;
import org.katzenpost.thin.internal.wire.WireCodec;

/**
 * The committed seed corpora stay what {@link SeedCorpus} generates from {@link Samples} (run
 * {@code scripts/fuzz --seeds} after changing either), and the frame seeds are valid frames.
 */
class SeedCorpusTest {
    private static Path committed() throws URISyntaxException {
        return Paths.get(SeedCorpusTest.class.getResource("WireCodecFuzzTestInputs").toURI()).getParent();
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void generatedSeedsMatchTheCommittedOnes(@TempDir Path tmp) throws Exception {
        SeedCorpus.write(tmp.resolve("org/katzenpost/thin/fuzz"), null);
        Path fresh = tmp.resolve("org/katzenpost/thin/fuzz");
        Path committed = committed();
        List<Path> generated = files(fresh);
        assertThat(generated).hasSizeGreaterThan(100);
        for (Path f : generated) {
            Path c = committed.resolve(fresh.relativize(f).toString());
            assertThat(c).as("committed seed %s", fresh.relativize(f)).exists();
            assertThat(Files.readAllBytes(c)).as("seed %s", fresh.relativize(f)).isEqualTo(Files.readAllBytes(f));
        }
    }

    @Test
    void sampleFrameSeedsDecode() throws Exception {
        WireCodec codec = new WireCodec();
        Path root = committed();
        int n = 0;
        for (Path f : files(root.resolve("WireCodecFuzzTestInputs/decodeResponse"))) {
            String name = f.getFileName().toString();
            if (name.startsWith("seed-")) {
                codec.decodeResponse(Files.readAllBytes(f));
                n++;
            }
        }
        for (Path f : files(root.resolve("WireCodecFuzzTestInputs/decodeRequest"))) {
            String name = f.getFileName().toString();
            if (name.startsWith("seed-") && !name.contains("error-")) { // captured error cases may be refused
                RequestDecoder.decode(Files.readAllBytes(f));
                n++;
            }
        }
        assertThat(n).isGreaterThanOrEqualTo(25 + 21);
    }
}
