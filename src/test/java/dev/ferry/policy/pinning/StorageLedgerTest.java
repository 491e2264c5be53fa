package dev.ferry.policy.pinning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageLedgerTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Cid ONE = Cid.parse("QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u");
    private static final Cid TWO = Cid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    private static final Cid THREE = Cid.parse("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");

    @TempDir
    Path tmp;

    private final ManualClock clock = new ManualClock();
    private final Identity x = Identity.generate(RANDOM);
    private final Identity y = Identity.generate(RANDOM);

    private StorageLedger ledger() {
        return StorageLedger.open(tmp.resolve(StorageLedger.FILE), Duration.ofHours(72), clock);
    }

    private long now() {
        return clock.millis();
    }

    @Test
    void aPeersCreditIsTheSumOfWhatItProvedItKeepsAndOnlyItsOwn() {
        StorageLedger l = ledger();
        assertThat(l.creditOf(x.did())).isZero();
        l.proven(x.peerId(), ONE, 1000, now());
        l.proven(x.peerId(), TWO, 500, now());
        l.proven(y.peerId(), ONE, 1000, now());
        assertThat(l.creditOf(x.did())).isEqualTo(1500);
        assertThat(l.creditOf(y.did())).isEqualTo(1000);
        assertThat(l.holders()).containsExactly(x.did(), y.did());
        // a new proof of the same root replaces its size, it does not add to it
        l.proven(x.peerId(), ONE, 1200, now());
        assertThat(l.creditOf(x.did())).isEqualTo(1700);
        assertThat(l.lastProofOf(x.did())).contains(now());
    }

    @Test
    void listenersHearEachOutcomeThatMayChangeAHoldersCredit() {
        StorageLedger l = ledger();
        java.util.List<PeerId> heard = new java.util.ArrayList<>();
        l.addCreditListener(heard::add);
        l.addCreditListener(p -> {
            throw new IllegalStateException("a broken listener does not stop the others or the ledger");
        });
        l.proven(x.peerId(), ONE, 1000, now());
        l.proven(x.peerId(), ONE, 1000, now() - 1); // a late report of an older proof: nothing changed
        l.failed(y.peerId(), ONE, "no answer", now()); // y had no credit to withdraw
        l.failed(x.peerId(), ONE, "block missing", now());
        l.proven(PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N"), ONE, 1000, now()); // no did:key
        assertThat(heard).containsExactly(x.peerId(), x.peerId());
        assertThat(l.creditOf(x.did())).isZero();
    }

    @Test
    void proofsRenewCreditAndStaleCreditExpires() {
        StorageLedger l = ledger();
        long first = now();
        l.proven(x.peerId(), ONE, 1000, first);
        l.proven(x.peerId(), TWO, 500, first);
        clock.advance(Duration.ofHours(71));
        assertThat(l.creditOf(x.did())).isEqualTo(1500);
        l.proven(x.peerId(), ONE, 1000, now()); // renewed, TWO is not
        clock.advance(Duration.ofHours(2)); // 73 h after the first proofs
        assertThat(l.creditOf(x.did())).isEqualTo(1000);
        clock.advance(Duration.ofHours(71)); // 73 h after the renewal
        assertThat(l.creditOf(x.did())).isZero();
        assertThat(l.lastProofOf(x.did())).contains(first + Duration.ofHours(71).toMillis()); // history stays
        // a late report of an older proof renews nothing
        l.proven(x.peerId(), ONE, 1000, first);
        assertThat(l.entries()).filteredOn(e -> e.root().equals(ONE)).singleElement()
                .satisfies(e -> assertThat(e.provenAtMillis()).isEqualTo(first + Duration.ofHours(71).toMillis()));
    }

    @Test
    void aFailedProofTakesThatRootsCreditBackAtOnce() {
        StorageLedger l = ledger();
        l.proven(x.peerId(), ONE, 1000, now());
        l.proven(x.peerId(), TWO, 500, now());
        l.failed(x.peerId(), ONE, "block missing", now());
        assertThat(l.creditOf(x.did())).isEqualTo(500);
        l.failed(y.peerId(), TWO, "no answer", now()); // another peer's failure touches nothing of x's
        l.failed(x.peerId(), THREE, "no answer", now()); // nor one for a root never proven
        assertThat(l.creditOf(x.did())).isEqualTo(500);
        assertThat(ledger().creditOf(x.did())).isEqualTo(500); // durably
    }

    @Test
    void peersWithoutADidAreIgnored() {
        StorageLedger l = ledger();
        PeerId rsa = PeerId.parse("QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN"); // a hashed (RSA) key
        l.proven(rsa, ONE, 1000, now());
        l.failed(rsa, ONE, "x", now());
        assertThat(l.entries()).isEmpty();
        assertThat(Files.exists(tmp.resolve(StorageLedger.FILE))).isFalse();
    }

    @Test
    void theOldestProofsAreForgottenPastTheCap() {
        StorageLedger l = StorageLedger.open(tmp.resolve(StorageLedger.FILE), Duration.ofHours(72), clock, 2);
        l.proven(x.peerId(), ONE, 1, now());
        clock.advance(Duration.ofMinutes(1));
        l.proven(y.peerId(), ONE, 2, now());
        clock.advance(Duration.ofMinutes(1));
        l.proven(x.peerId(), ONE, 3, now()); // renews the oldest: nothing evicted
        assertThat(l.entries()).hasSize(2);
        clock.advance(Duration.ofMinutes(1));
        l.proven(x.peerId(), TWO, 4, now());
        assertThat(l.entries()).extracting(LedgerEntry::bytes).containsExactlyInAnyOrder(3L, 4L); // y's went
        assertThat(l.creditOf(y.did())).isZero();
        assertThat(StorageLedger.MAX_ENTRIES).isEqualTo(10_000);
    }

    @Test
    void theLedgerSurvivesAReopen() {
        StorageLedger l = ledger();
        l.proven(x.peerId(), ONE, 1000, now());
        l.proven(y.peerId(), TWO, 7, now() - 5);
        StorageLedger again = ledger();
        assertThat(again.entries()).containsExactlyInAnyOrderElementsOf(l.entries());
        assertThat(again.creditOf(x.did())).isEqualTo(1000);
        assertThat(again.lastProofOf(y.did())).contains(now() - 5);
    }

    @Test
    void aCorruptFileIsReportedAndTheLedgerStartsEmpty() throws Exception {
        StorageLedger l = ledger();
        l.proven(x.peerId(), ONE, 1000, now());
        Path file = tmp.resolve(StorageLedger.FILE);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(file, bytes);
        StorageLedger damaged = ledger();
        assertThat(damaged.entries()).isEmpty();
        assertThat(damaged.creditOf(x.did())).isZero();
        damaged.proven(y.peerId(), TWO, 5, now()); // and it works on, replacing the file
        assertThat(ledger().entries()).singleElement().satisfies(e -> assertThat(e.holder()).isEqualTo(y.did()));

        Files.writeString(file, "not a ledger");
        assertThat(ledger().entries()).isEmpty();
        Files.write(file, new byte[0]);
        assertThat(ledger().entries()).isEmpty();
    }
}
