package org.katzenpost.testkit.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.testkit.pki.SyntheticPki;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.SphinxGeometry;

/**
 * Start-up settings of a simulator, filled in by {@code KpclientdSimulator.Builder}. Internal: not part of
 * the testkit's API.
 */
public final class Settings {
    /** Sphinx geometry of the public testnet ({@code UserForwardPayloadLength} 2000, x25519, 5 hops). */
    public static final SphinxGeometry TESTNET_SPHINX =
            new SphinxGeometry(3082, 5, 476, 410, 82, 572, 2, 32, 2574, 2000, 65, 64, "x25519", "");
    /**
     * Pigeonhole geometry kpclientd v0.0.99 derives from {@link #TESTNET_SPHINX} and CTIDH1024-X25519 (as
     * captured in fixtures/daemon-v0.0.99).
     */
    public static final PigeonholeGeometry TESTNET_PIGEONHOLE =
            new PigeonholeGeometry(1549, 2000, 2000, 1718, 1718, "CTIDH1024-X25519", "Ed25519");

    public SphinxGeometry sphinx = TESTNET_SPHINX;
    public PigeonholeGeometry pigeonhole = TESTNET_PIGEONHOLE;
    /** Null: no document yet (F2 payload null, get_pki_document error 10). */
    public SyntheticPki.Built pki;
    public boolean pkiSet;
    /** Null: taken from {@link #pki}. */
    public List<Map<Object, Object>> authorities;
    public boolean mixnetConnected = true;
    public Duration gracePeriod = KpclientdSimulator.DEFAULT_GRACE_PERIOD;
    public Duration echoDelay = KpclientdSimulator.DEFAULT_ECHO_DELAY;
    public double echoDropProbability;
    public Duration pigeonholeLatency = KpclientdSimulator.DEFAULT_PIGEONHOLE_LATENCY;
    public boolean bufferPigeonholeRepliesWhileDetached;
    public long randomSeed = System.nanoTime();
    public boolean randomSeedSet;

    // listening
    public boolean tcp;
    public int tcpPort;
    public java.nio.file.Path unixPath;
    public String abstractName;
    public boolean webSocket;
    public int webSocketPort;
}
