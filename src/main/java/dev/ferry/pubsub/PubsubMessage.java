package dev.ferry.pubsub;

import java.util.Optional;
import java.util.OptionalLong;
import dev.ferry.identity.PeerId;

/**
 * A message delivered to a local subscription: checked against the signature policy, delivered once.
 *
 * @param author       who wrote and signed it (empty for anonymous messages)
 * @param seqno        the author's sequence number (empty for anonymous messages)
 * @param topic        its topic
 * @param receivedFrom the peer it came from (ourselves for our own messages)
 */
public record PubsubMessage(Optional<PeerId> author, OptionalLong seqno, String topic, byte[] data,
        PeerId receivedFrom) {
    public PubsubMessage {
        data = data.clone();
    }

    /** The payload, copied. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    public int size() {
        return data.length;
    }
}
