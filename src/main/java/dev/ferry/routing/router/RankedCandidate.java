package dev.ferry.routing.router;

import java.util.Objects;

/** A candidate at its place in a route (rank 1 is tried first) with its score. */
public record RankedCandidate(int rank, Candidate candidate, Score score) {
    public RankedCandidate {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(score, "score");
    }
}
