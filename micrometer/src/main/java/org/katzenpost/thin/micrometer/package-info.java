/**
 * Publishes a thin client's statistics to Micrometer: {@link org.katzenpost.thin.micrometer.ThinClientMetrics}
 * binds the snapshot of {@code ThinClient.statistics()} to a {@code MeterRegistry} without adding work to the
 * client's calls. See docs/metrics.md#micrometer.
 */
package org.katzenpost.thin.micrometer;
