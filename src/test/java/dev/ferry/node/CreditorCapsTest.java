package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Did;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.policy.bandwidth.BandwidthBudgets;
import dev.ferry.policy.bandwidth.BandwidthLimits;
import dev.ferry.policy.pinning.StorageLedger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A creditor's limiters are rebuilt when its credit crosses a weight step, and only then. */
class CreditorCapsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long GIB = 1L << 30;
    private static final Cid ROOT_1 = Cid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    private static final Cid ROOT_2 = Cid.parse("QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u");

    @TempDir
    Path tmp;

    final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    final List<PeerId> refreshed = new ArrayList<>();
    final Set<PeerId> connected = new HashSet<>();
    final Identity creditor = Identity.generate(RANDOM);
    final PeerId peer = creditor.peerId();

    StorageLedger ledger() {
        return StorageLedger.open(tmp.resolve(StorageLedger.FILE), Duration.ofHours(72), clock);
    }

    /** Caps over a real ledger, told its proof outcomes as the node does; the "host" records each refresh. */
    CreditorCaps caps(StorageLedger ledger) {
        CreditorCaps caps = new CreditorCaps(new CreditorWeights(ledger::creditOf), refreshed::add,
                connected::contains);
        ledger.addCreditListener(caps::creditChanged);
        return caps;
    }

    @Test
    void aProofRefreshesTheCreditorOnlyWhenItsWeightStepChanges() {
        StorageLedger ledger = ledger();
        CreditorCaps caps = caps(ledger);
        connected.add(peer);
        assertThat(caps.multiplierOf(peer)).isEqualTo(1); // its connection's limiter is built: no credit yet

        ledger.proven(peer, ROOT_1, 4096, now.get()); // any credit: weight 2
        assertThat(refreshed).containsExactly(peer);
        caps.multiplierOf(peer); // what the host's refresh does: build the limiter again

        ledger.proven(peer, ROOT_1, 8192, now.get() + 1); // more credit, same step
        ledger.proven(peer, ROOT_1, 8192, now.get() + 2); // a renewal
        assertThat(refreshed).hasSize(1);

        ledger.proven(peer, ROOT_2, GIB, now.get() + 3); // past 1 GiB: weight 3
        assertThat(refreshed).hasSize(2);
        assertThat(caps.builtWeight(peer)).isEqualTo(3);

        ledger.failed(peer, ROOT_2, "block missing", now.get() + 4); // withdrawn: back to 2
        assertThat(refreshed).hasSize(3);
        assertThat(caps.builtWeight(peer)).isEqualTo(2);
        ledger.failed(peer, ROOT_2, "block missing", now.get() + 5); // nothing left to withdraw: no outcome
        assertThat(refreshed).hasSize(3);
    }

    @Test
    void expiredCreditIsNoticedByTheSweep() {
        StorageLedger ledger = ledger();
        CreditorCaps caps = caps(ledger);
        connected.add(peer);
        ledger.proven(peer, ROOT_1, 4096, now.get());
        assertThat(caps.multiplierOf(peer)).isEqualTo(2);
        assertThat(refreshed).isEmpty(); // the proof came before its limiter: built with the credit at once

        caps.sweep();
        assertThat(refreshed).isEmpty(); // still credited
        now.addAndGet(Duration.ofHours(72).toMillis() + 1);
        caps.sweep();
        assertThat(refreshed).containsExactly(peer);
        assertThat(caps.builtWeight(peer)).isEqualTo(1);
        caps.sweep();
        assertThat(refreshed).hasSize(1);
    }

    @Test
    void peersWithoutLimitersAreNotRefreshedAndGonePeersAreForgotten() {
        StorageLedger ledger = ledger();
        CreditorCaps caps = caps(ledger);
        ledger.proven(peer, ROOT_1, 4096, now.get()); // not connected: nothing to refresh
        assertThat(refreshed).isEmpty();

        Identity other = Identity.generate(RANDOM);
        connected.add(other.peerId());
        caps.multiplierOf(other.peerId());
        caps.multiplierOf(peer);
        caps.sweep(); // peer has no connection: forgotten; other stays
        assertThat(caps.builtWeight(peer)).isNull();
        assertThat(caps.builtWeight(other.peerId())).isEqualTo(1);
        ledger.failed(peer, ROOT_1, "no answer", now.get());
        assertThat(refreshed).isEmpty();
    }

    @Test
    void theBudgetsGiveTheCreditorItsWeightTimesThePerPeerCap() {
        StorageLedger ledger = ledger();
        CreditorCaps caps = caps(ledger);
        BandwidthBudgets budgets = new BandwidthBudgets(BandwidthLimits.none().withPerPeer(256 * 1024),
                p -> true, caps);
        Identity stranger = Identity.generate(RANDOM);
        ledger.proven(peer, ROOT_1, 10 * GIB, now.get());
        assertThat(budgets.perPeerCapOf(peer)).isEqualTo(4 * 256 * 1024);
        assertThat(budgets.perPeerCapOf(stranger.peerId())).isEqualTo(256 * 1024);
        // an RSA peer ID inlines no did:key: it can hold no credit
        assertThat(budgets.perPeerCapOf(PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N")))
                .isEqualTo(256 * 1024);
        Did did = creditor.did();
        assertThat(ledger.creditOf(did)).isEqualTo(10 * GIB);
    }
}
