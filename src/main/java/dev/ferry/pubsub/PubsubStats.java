package dev.ferry.pubsub;

/**
 * Pubsub counters since start.
 *
 * @param published   messages we authored
 * @param received    messages received from peers (duplicates and invalid ones included)
 * @param delivered   messages handed to local subscriptions
 * @param duplicates  messages received again after the first copy
 * @param invalid     messages dropped by the signature policy
 * @param rejected    messages dropped by their topic's validator
 * @param ignored     messages on topics we do not subscribe to (dropped unread)
 * @param forwarded   copies of messages sent to peers
 * @param dropped     RPCs dropped because a peer's queue was full
 * @param wireErrors  streams closed for malformed RPCs
 * @param graylisted  RPCs ignored because their sender's score was below the graylist threshold
 */
public record PubsubStats(long published, long received, long delivered, long duplicates, long invalid,
        long rejected, long ignored, long forwarded, long dropped, long wireErrors, long graylisted) {}
