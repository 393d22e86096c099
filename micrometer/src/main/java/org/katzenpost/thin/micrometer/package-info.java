/**
 * Publishes a thin client's statistics to Micrometer: {@link org.katzenpost.thin.micrometer.ThinClientMetrics}
 * binds the snapshot of {@code ThinClient.statistics()} to a {@code MeterRegistry} without adding work to the
 * client's calls. See docs/metrics.md#micrometer.
 *
 * <p>Null arguments: unless a parameter's documentation says it may be null, a null argument throws
 * {@link java.lang.NullPointerException}, whether or not the method lists it (docs/api.md §1).
 */
package org.katzenpost.thin.micrometer;
