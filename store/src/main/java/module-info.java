/**
 * Crash-safe persistent Pigeonhole channels on SQLite. Start with
 * {@link org.katzenpost.store.PersistentChannels}.
 */
module org.katzenpost.store {
    // public signatures name the thin client's Pigeonhole types
    requires transitive org.katzenpost.thin;
    requires org.slf4j;
    requires java.sql;
    // the SQLite JDBC driver, found by DriverManager through its service registration
    requires org.xerial.sqlitejdbc;

    exports org.katzenpost.store;
}
