/**
 * Test support for applications of the Katzenpost thin client: an in-process kpclientd with a simulated mixnet.
 * Start with {@link org.katzenpost.testkit.KpclientdSimulator}.
 *
 * <p>Exports the public packages only; the simulator's internals are not exported.
 */
module org.katzenpost.testkit {
    // public signatures name the thin client's types (configs, request kinds, PKI documents)
    requires transitive org.katzenpost.thin;
    requires org.slf4j;
    // the simulator's abstract-namespace (@name) endpoint
    requires org.newsclub.net.unix;
    // the simulator's ws:// endpoint
    requires org.java_websocket;

    exports org.katzenpost.testkit;
    exports org.katzenpost.testkit.net;
    exports org.katzenpost.testkit.pki;
}
