import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import org.katzenpost.thin.*;
import org.katzenpost.thin.pigeonhole.*;

/**
 * The daemon-bound limit of a Pigeonhole transfer: kpclientd's CPU time per {@code encrypt_write} (one MKEM box
 * encryption, the cost of every copy-stream envelope and element) and how many boxes per second it encrypts over
 * 1, 2 and 3 connections (it encrypts one connection's requests one after the other). docs/performance.md#file-transfer.
 *
 *   java -cp cli/target/katzen.jar scripts/bench-drivers/java-encrypt/DaemonEncryptRate.java PID BOXES_PER_CONN [CONFIG]
 */
public class DaemonEncryptRate {
    static long ticks(long pid) throws Exception {
        String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
    public static void main(String[] a) throws Exception {
        long pid = Long.parseLong(a[0]);
        int perConn = Integer.parseInt(a[1]);
        ThinClientConfig cfg = ThinClientConfig.load(Path.of(a.length > 2 ? a[2] : "/tmp/kpnet/client/thinclient.toml")).toBuilder()
                .requestTimeout(java.time.Duration.ofMinutes(5)).build();
        for (int conns : new int[] {1, 2, 3}) {
            List<ThinClient> cs = new ArrayList<>();
            for (int i = 0; i < conns; i++) cs.add(ThinClient.connect(cfg));
            PigeonholeClient p0 = cs.get(0).pigeonhole();
            byte[] seed = new byte[32]; new Random().nextBytes(seed);
            Keypair kp = p0.sync().newKeypair(seed);
            byte[] plain = new byte[1000];
            ExecutorService ex = Executors.newFixedThreadPool(conns);
            long c0 = ticks(pid), t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (ThinClient c : cs) {
                PigeonholeClient p = c.pigeonhole();
                fs.add(ex.submit(() -> { for (int i = 0; i < perConn; i++) p.sync().encryptWrite(plain, kp.writeCap(), kp.firstIndex()); return null; }));
            }
            for (Future<?> f : fs) f.get();
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (ticks(pid) - c0) / 100.0;
            int n = conns * perConn;
            System.out.printf("ENC conns=%d boxes=%d wall_s=%.1f boxes_s=%.3f daemon_cpu_s=%.1f daemon_cpu_per_box_s=%.3f load=%s%n",
                    conns, n, wall, n / wall, cpu, cpu / n, Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            ex.shutdown();
            for (ThinClient c : cs) c.close();
        }
    }
}
