package dev.ferry.pubsub;

import dev.ferry.identity.PeerId;
import java.util.Optional;

/**
 * A topic's own check of its messages, after the signature policy's: a message it refuses is neither delivered nor
 * forwarded, so malformed payloads stop at the first node that knows the topic's format. Called outside the router's
 * lock, once per message; must be quick and must not block.
 */
@FunctionalInterface
public interface TopicValidator {
    /**
     * @param author the message's verified author (empty for anonymous messages)
     * @throws InvalidMessageException the message must be dropped
     */
    void validate(Optional<PeerId> author, byte[] data) throws InvalidMessageException;
}
