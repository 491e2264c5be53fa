package dev.ferry.net.autonat.v2;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.autonat.Reachability;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The recent dial-back results of one address and the verdict they give, with go-libp2p's rule: the last
 * {@link #WINDOW} results of the last hour count; the address is PUBLIC when successes outnumber failures by
 * {@link #MIN_CONFIDENCE} or more, PRIVATE when failures outnumber successes so, UNKNOWN otherwise. It wants another
 * probe while the lead is below {@link #TARGET_CONFIDENCE}, when its last result is an hour old, or when the last
 * result disagrees with the verdict; after {@link #MAX_REFUSALS} servers in a row refused it, not for ten minutes.
 * Not thread-safe: the client guards it.
 */
final class AddressOutcomes {
    static final int MIN_CONFIDENCE = 2;
    static final int TARGET_CONFIDENCE = 3;
    /** One more than the target, and one more again, so that a single stray result cannot unsettle a verdict. */
    static final int WINDOW = TARGET_CONFIDENCE + 2;
    static final int MAX_REFUSALS = 5;
    static final long MAX_AGE = TimeUnit.HOURS.toNanos(1);
    static final long REFUSED_PAUSE = TimeUnit.MINUTES.toNanos(10);

    private record Outcome(boolean success, long at) {}

    private final Multiaddr address;
    private final ArrayDeque<Outcome> outcomes = new ArrayDeque<>();
    private int refusals;
    private long lastRefusal;
    private Instant lastResult;

    AddressOutcomes(Multiaddr address) {
        this.address = address;
    }

    /** Records a dial-back that reached ({@code true}) or failed to reach the address. */
    void add(boolean success, long now, Instant wallClock) {
        outcomes.addLast(new Outcome(success, now));
        while (outcomes.size() > WINDOW) {
            outcomes.removeFirst();
        }
        refusals = 0;
        lastResult = wallClock;
        expire(now);
    }

    /** Records a server that would not dial the address. */
    void refused(long now) {
        refusals++;
        lastRefusal = now;
    }

    private void expire(long now) {
        while (!outcomes.isEmpty() && now - outcomes.peekFirst().at() > MAX_AGE) {
            outcomes.removeFirst();
        }
    }

    Reachability reachability(long now) {
        expire(now);
        int s = successes();
        int f = outcomes.size() - s;
        if (s - f >= MIN_CONFIDENCE) {
            return Reachability.PUBLIC;
        }
        if (f - s >= MIN_CONFIDENCE) {
            return Reachability.PRIVATE;
        }
        return Reachability.UNKNOWN;
    }

    /** Whether another probe of the address is due now. */
    boolean wantsProbe(long now) {
        if (refusals >= MAX_REFUSALS) {
            if (now - lastRefusal < REFUSED_PAUSE) {
                return false;
            }
            refusals = 0;
        }
        Reachability r = reachability(now);
        int s = successes();
        if (Math.abs(2 * s - outcomes.size()) < TARGET_CONFIDENCE || outcomes.isEmpty()) {
            return true;
        }
        Outcome last = outcomes.peekLast();
        if (now - last.at() > MAX_AGE) {
            return true;
        }
        return (r == Reachability.PUBLIC) != last.success();
    }

    AddressVerdict verdict(long now) {
        Reachability r = reachability(now);
        int s = successes();
        return new AddressVerdict(address, r, s, outcomes.size() - s, refusals, Optional.ofNullable(lastResult));
    }

    private int successes() {
        int n = 0;
        for (Outcome o : outcomes) {
            if (o.success()) {
                n++;
            }
        }
        return n;
    }
}
