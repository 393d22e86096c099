/**
 * What a client has done, as numbers: {@link org.katzenpost.thin.stats.ClientStatistics}, the snapshot returned by
 * {@code ThinClient.statistics()}, with calls started, in flight, completed and failed per
 * {@link org.katzenpost.thin.stats.RequestKind}, latency histograms, reconnects and dropped events. The optional
 * {@code katzenpost-thinclient-micrometer} module binds these to a Micrometer {@code MeterRegistry}. See
 * docs/metrics.md.
 */
package org.katzenpost.thin.stats;
