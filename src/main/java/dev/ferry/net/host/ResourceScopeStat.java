package dev.ferry.net.host;

/** One scope's limits next to what it holds. */
public record ResourceScopeStat(ResourceLimits limits, ResourceUsage usage) {
}
