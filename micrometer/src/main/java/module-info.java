/**
 * Binds the thin client's statistics to a Micrometer {@code MeterRegistry} (docs/metrics.md).
 */
@SuppressWarnings("requires-transitive-automatic") // micrometer-core is an automatic module (Automatic-Module-Name)
module org.katzenpost.thin.micrometer {
    requires transitive org.katzenpost.thin;
    // public signatures name Micrometer's MeterBinder and MeterRegistry
    requires transitive micrometer.core;

    exports org.katzenpost.thin.micrometer;
}
