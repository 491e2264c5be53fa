package dev.ferry.routing.router;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the node knows about a CID before fetching it; each field may be unknown.
 *
 * @param size       the content's size in bytes (a UnixFS file size, a raw block's length)
 * @param addedAt    when the content was added (by us or, as announced, by its publisher)
 * @param isPrivate  marked private on this node
 * @param isPublic   known to be available on the public IPFS network
 */
public record ContentFacts(OptionalLong size, Optional<Instant> addedAt, boolean isPrivate, boolean isPublic) {
    public static final ContentFacts UNKNOWN = new ContentFacts(OptionalLong.empty(), Optional.empty(), false, false);

    public ContentFacts {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(addedAt, "addedAt");
    }
}
