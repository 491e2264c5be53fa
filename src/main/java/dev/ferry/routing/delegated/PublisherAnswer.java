package dev.ferry.routing.delegated;

import java.net.URI;
import java.util.Objects;

/**
 * What one delegated publisher did with a record put to it: took it ({@code failure} null), or why not (its status,
 * a timeout, a refused connection).
 */
public record PublisherAnswer(URI publisher, String failure) {
    public PublisherAnswer {
        Objects.requireNonNull(publisher, "publisher");
    }

    public static PublisherAnswer accepted(URI publisher) {
        return new PublisherAnswer(publisher, null);
    }

    public boolean isAccepted() {
        return failure == null;
    }
}
