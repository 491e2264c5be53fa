package dev.ferry.pubsub;

/**
 * What a peer's score must be for each thing gossipsub does with it (v1.1). Below 0 a peer leaves the meshes and is
 * not grafted.
 *
 * @param gossip             below it no gossip goes to the peer and its gossip (IHAVE, IWANT) is ignored
 * @param publish            below it our own messages are not sent to it
 * @param graylist           below it every RPC from it is ignored
 * @param opportunisticGraft when a mesh's median score is below it, better peers are grafted
 * @param acceptPeerExchange a PRUNE's offered peers are dialled only when its sender scores at least this
 */
public record ScoreThresholds(double gossip, double publish, double graylist, double opportunisticGraft,
        double acceptPeerExchange) {

    public ScoreThresholds {
        if (!(gossip <= 0 && publish <= gossip && graylist < publish) || opportunisticGraft < 0
                || acceptPeerExchange < 0) {
            throw new IllegalArgumentException("thresholds must satisfy graylist < publish <= gossip <= 0, "
                    + "opportunisticGraft >= 0 and acceptPeerExchange >= 0");
        }
    }

    /**
     * ferry's defaults. Peer exchange needs 15: a trusted peer (its trust level counts as it is) or one that has been
     * in our meshes and delivered first for a while; a stranger that just connected cannot make us dial.
     */
    public static ScoreThresholds defaults() {
        return new ScoreThresholds(-10, -50, -80, 3, 15);
    }
}
