import java.time.Duration;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.Dial;

/**
 * A {@code KpclientdSimulator} on a TCP port for whole-process runs of the CLI tools (and {@code pigeonhole-cp}),
 * 20 ms per Pigeonhole mixnet operation and no encryption cost. Prints {@code ADDR host:port}; stop it with a
 * signal. docs/performance.md#file-transfer.
 *
 *   java -cp cli/target/katzen.jar:testkit/target/classes scripts/bench-drivers/java-sim/SimMain.java
 */
public class SimMain {
    public static void main(String[] a) throws Exception {
        KpclientdSimulator sim = KpclientdSimulator.builder().tcp().pigeonholeLatency(Duration.ofMillis(20)).start();
        System.out.println("ADDR " + ((Dial.Tcp) sim.dial()).address());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
