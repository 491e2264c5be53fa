/**
 * Metrics for operators: the node's counters in Prometheus' text format at {@code /debug/metrics/prometheus} on the
 * RPC listener (Kubo's path), read when scraped.
 */
package dev.ferry.api.metrics;
