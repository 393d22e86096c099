/**
 * What a client has done, as numbers: {@link org.katzenpost.thin.stats.ClientStatistics}, the snapshot returned by
 * {@code ThinClient.statistics()}, with calls started, in flight, completed and failed per
 * {@link org.katzenpost.thin.stats.RequestKind}, latency histograms, reconnects and dropped events. The optional
 * {@code katzenpost-thinclient-micrometer} module binds these to a Micrometer {@code MeterRegistry}. See
 * docs/metrics.md.
 *
 * <p>Null arguments: unless a parameter's documentation says it may be null, a null argument throws
 * {@link java.lang.NullPointerException}, whether or not the method lists it (docs/api.md §1).
 */
package org.katzenpost.thin.stats;
