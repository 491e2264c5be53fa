package dev.ferry.pubsub;

/**
 * What a peer's score must be for each thing gossipsub does with it (v1.1). Below 0 a peer leaves the meshes and is
 * not grafted.
 *
 * @param gossip             below it no gossip goes to the peer and its gossip (IHAVE, IWANT) is ignored
 * @param publish            below it our own messages are not sent to it
 * @param graylist           below it every RPC from it is ignored
 * @param opportunisticGraft when a mesh's median score is below it, better peers are grafted
 */
public record ScoreThresholds(double gossip, double publish, double graylist, double opportunisticGraft) {

    public ScoreThresholds {
        if (!(gossip <= 0 && publish <= gossip && graylist < publish) || opportunisticGraft < 0) {
            throw new IllegalArgumentException("thresholds must satisfy graylist < publish <= gossip <= 0 and "
                    + "opportunisticGraft >= 0");
        }
    }

    public static ScoreThresholds defaults() {
        return new ScoreThresholds(-10, -50, -80, 3);
    }
}
