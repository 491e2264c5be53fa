package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Did;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreditorWeightsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long GIB = 1L << 30;

    @Test
    void creditBuysWeightTwoThenThreeFromOneGibThenFourFromTenGib() {
        assertThat(CreditorWeights.weightFor(0)).isEqualTo(1);
        assertThat(CreditorWeights.weightFor(-5)).isEqualTo(1);
        assertThat(CreditorWeights.weightFor(1)).isEqualTo(2);
        assertThat(CreditorWeights.weightFor(GIB - 1)).isEqualTo(2);
        assertThat(CreditorWeights.weightFor(GIB)).isEqualTo(3);
        assertThat(CreditorWeights.weightFor(10 * GIB - 1)).isEqualTo(3);
        assertThat(CreditorWeights.weightFor(10 * GIB)).isEqualTo(4);
        assertThat(CreditorWeights.weightFor(Long.MAX_VALUE)).isEqualTo(4);
    }

    @Test
    void aPeersWeightIsTheWeightOfItsDidsCredit() {
        Identity creditor = Identity.generate(RANDOM);
        Identity big = Identity.generate(RANDOM);
        Identity stranger = Identity.generate(RANDOM);
        Map<Did, Long> credit = new HashMap<>();
        credit.put(creditor.did(), 4096L);
        credit.put(big.did(), 20 * GIB);
        CreditorWeights w = new CreditorWeights(d -> credit.getOrDefault(d, 0L));
        assertThat(w.weightOf(creditor.peerId())).isEqualTo(2);
        assertThat(w.weightOf(big.peerId())).isEqualTo(4);
        assertThat(w.weightOf(stranger.peerId())).isEqualTo(1);
        // credit withdrawn (a failed proof, or expired): back to 1
        credit.remove(creditor.did());
        assertThat(w.weightOf(creditor.peerId())).isEqualTo(1);
        // an RSA peer ID inlines no did:key: it can hold no credit
        assertThat(w.weightOf(PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N"))).isEqualTo(1);
    }
}
