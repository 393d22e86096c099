/**
 * The Katzenpost thin client: talks to kpclientd, the Katzenpost client daemon. Start with
 * {@link org.katzenpost.thin.ThinClient}.
 *
 * <p>Exports the public packages only. The internal packages are exported to the testkit alone, which plays the
 * daemon's side of the wire protocol in tests (docs/api.md, "Sealed internals").
 */
module org.katzenpost.thin {
    requires org.slf4j;
    // junixsocket is optional: only Linux abstract addresses (@name) need it (docs/protocol.md#transports)
    requires static org.newsclub.net.unix;
    requires java.net.http;
    requires jdk.net;

    exports org.katzenpost.thin;
    exports org.katzenpost.thin.cbor;
    exports org.katzenpost.thin.event;
    exports org.katzenpost.thin.pigeonhole;
    exports org.katzenpost.thin.pki;
    exports org.katzenpost.thin.stats;

    exports org.katzenpost.thin.internal to org.katzenpost.testkit;
    exports org.katzenpost.thin.internal.cbor to org.katzenpost.testkit;
    exports org.katzenpost.thin.internal.transport to org.katzenpost.testkit;
    exports org.katzenpost.thin.internal.wire to org.katzenpost.testkit;
}
