package dev.ferry.routing.gateway;

/**
 * What one CAR response delivered.
 *
 * @param blocks     blocks verified, found to belong to the requested DAG, and stored
 * @param duplicates blocks sent again (skipped)
 * @param bytes      bytes of the response body read
 */
public record CarResult(long blocks, long duplicates, long bytes) {
}
