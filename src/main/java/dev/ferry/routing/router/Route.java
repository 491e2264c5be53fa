package dev.ferry.routing.router;

import dev.ferry.multiformats.Cid;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** A routing decision: the CID's classes, the resulting preference and the candidates in the order they are tried. */
public record Route(Cid cid, Set<ContentClass> classes, Preference preference, List<RankedCandidate> candidates) {
    public Route {
        Objects.requireNonNull(cid, "cid");
        classes = Set.copyOf(classes);
        Objects.requireNonNull(preference, "preference");
        candidates = List.copyOf(candidates);
    }
}
