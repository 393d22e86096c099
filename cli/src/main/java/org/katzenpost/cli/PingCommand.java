package org.katzenpost.cli;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.katzenpost.thin.Destination;
import org.katzenpost.thin.OfflineException;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.SurbId;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.pki.ServiceDescriptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "ping", mixinStandardHelpOptions = true, versionProvider = Katzen.Version.class, description = {
    "Send echo requests through the mixnet and time the round trips, like ping(8).",
    "Exit code 0 when at least one reply came back, 4 when none did."})
final class PingCommand implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    Katzen root;

    @Option(names = "-c", paramLabel = "COUNT", defaultValue = "5", description = "requests to send (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "-s", paramLabel = "SIZE", defaultValue = "56", description = "payload bytes (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "-i", paramLabel = "INTERVAL", defaultValue = "1s", converter = Katzen.DurationConverter.class,
            description = "time between requests (default ${DEFAULT-VALUE})")
    Duration interval;

    @Option(names = {"-W", "--wait"}, paramLabel = "DURATION", defaultValue = "60s",
            converter = Katzen.DurationConverter.class,
            description = "how long to wait for each reply (default ${DEFAULT-VALUE})")
    Duration replyTimeout;

    @Option(names = "--service", paramLabel = "CAPABILITY", defaultValue = "echo",
            description = "service to ping (default ${DEFAULT-VALUE})")
    String service;

    @Option(names = "--json", description = "print a JSON summary instead of lines")
    boolean json;

    record Result(int seq, Double millis, String error) {}

    @Override
    public Integer call() throws InterruptedException {
        if (count < 1) {
            throw new CliException(ExitCodes.USAGE, "-c must be at least 1");
        }
        if (size < 1) {
            throw new CliException(ExitCodes.USAGE, "-s must be at least 1");
        }
        try (ThinClient client = root.connect()) {
            return ping(client, root.out(), !json);
        }
    }

    int ping(ThinClient client, java.io.PrintWriter o, boolean lines) throws InterruptedException {
        int max = client.maxMessagePayloadLength();
        if (max > 0 && size > max) {
            throw new CliException(ExitCodes.USAGE, "-s " + size + " is larger than this mixnet's " + max
                    + "-byte message limit");
        }
        if (!client.isMixnetConnected()) {
            throw new OfflineException("kpclientd is in offline mode (no link to the mixnet); cannot ping");
        }
        ServiceDescriptor svc = client.getService(service);
        Destination dest = svc.toDestination();
        if (lines) {
            o.printf("PING %s on %s (endpoint %s): %d bytes of payload%n", service, svc.node().name(),
                    svc.endpoint(), size);
        }
        long t0 = System.nanoTime();
        List<CompletableFuture<Result>> futures = new ArrayList<>();
        for (int seq = 1; seq <= count; seq++) {
            if (seq > 1) {
                Thread.sleep(interval.toMillis());
            }
            byte[] payload = payload(seq);
            int s = seq;
            long start = System.nanoTime();
            CompletableFuture<MessageReplyEvent> f;
            try {
                f = client.sendMessage(SurbId.random(), payload, dest, replyTimeout);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            futures.add(f.handle((reply, err) -> {
                double ms = (System.nanoTime() - start) / 1e6;
                Result r;
                if (err != null) {
                    Throwable c = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                            ? err.getCause() : err;
                    r = new Result(s, null, c instanceof RequestTimeoutException
                            ? "no reply within " + human(replyTimeout) : String.valueOf(c.getMessage()));
                } else if (!matches(reply.payload(), payload)) {
                    r = new Result(s, ms, "reply does not match the request");
                } else {
                    r = new Result(s, ms, null);
                }
                if (lines) {
                    synchronized (o) {
                        if (r.error() == null) {
                            o.printf("%d bytes from %s@%s: seq=%d time=%.1f ms%n", size, service, svc.node().name(),
                                    s, ms);
                        } else {
                            o.printf("seq=%d: %s%n", s, r.error());
                        }
                        o.flush();
                    }
                }
                return r;
            }));
        }
        List<Result> results = new ArrayList<>();
        for (CompletableFuture<Result> f : futures) {
            results.add(f.join());
        }
        long totalMs = (System.nanoTime() - t0) / 1_000_000;
        double[] rtts = results.stream().filter(r -> r.error() == null).mapToDouble(Result::millis).sorted().toArray();
        int received = rtts.length;
        int lossPct = (int) Math.round(100.0 * (count - received) / count);
        if (lines) {
            o.printf("%n--- %s ping statistics ---%n", service);
            o.printf("%d sent, %d received, %d%% loss, time %d ms%n", count, received, lossPct, totalMs);
            if (received > 0) {
                o.printf("rtt min/median/max = %.1f/%.1f/%.1f ms%n", rtts[0], median(rtts), rtts[received - 1]);
            }
        } else {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", service);
            m.put("node", svc.node().name());
            m.put("size", size);
            m.put("sent", count);
            m.put("received", received);
            m.put("loss_percent", lossPct);
            m.put("time_ms", totalMs);
            if (received > 0) {
                m.put("rtt_min_ms", round(rtts[0]));
                m.put("rtt_median_ms", round(median(rtts)));
                m.put("rtt_max_ms", round(rtts[received - 1]));
            }
            List<Object> rs = new ArrayList<>();
            for (Result r : results) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("seq", r.seq());
                x.put("time_ms", r.error() == null ? round(r.millis()) : null);
                x.put("error", r.error());
                rs.add(x);
            }
            m.put("replies", rs);
            o.println(Json.write(m));
        }
        o.flush();
        return received > 0 ? ExitCodes.OK : ExitCodes.TIMEOUT;
    }

    private byte[] payload(int seq) {
        byte[] p = new byte[size];
        // filler that makes a mangled echo visible, not a secret: the JDK's SecureRandom would cost a cold
        // process 25-40 ms before the first ping (docs/performance.md, "The first call, cold JVM")
        ThreadLocalRandom.current().nextBytes(p);
        if (size >= 4) {
            ByteBuffer.wrap(p).putInt(seq);
        }
        return p;
    }

    /** The echo service pads its reply with zeros to the full payload length. */
    static boolean matches(byte[] reply, byte[] sent) {
        if (reply == null || reply.length < sent.length) {
            return false;
        }
        if (!Arrays.equals(reply, 0, sent.length, sent, 0, sent.length)) {
            return false;
        }
        for (int i = sent.length; i < reply.length; i++) {
            if (reply[i] != 0) {
                return false;
            }
        }
        return true;
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }
}
