package dev.ferry.exchange.ferry;

import dev.ferry.identity.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/** Records a service's listener events and lets a test wait for one (no sleeps). */
final class CapabilitiesEvents implements CapabilitiesListener {
    sealed interface Event permits Updated, Removed, Rejected {
        PeerId peer();
    }

    record Updated(PeerId peer, CapabilitiesRecord record) implements Event {}

    record Removed(PeerId peer) implements Event {}

    record Rejected(PeerId peer, Rejection reason, String detail) implements Event {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Event> events = new ArrayList<>();

    static CapabilitiesEvents on(CapabilitiesService s) {
        CapabilitiesEvents e = new CapabilitiesEvents();
        s.addListener(e);
        // records accepted before the listener was added count as seen
        s.table().forEach(e::updated);
        return e;
    }

    @Override
    public void updated(PeerId peer, CapabilitiesRecord record) {
        add(new Updated(peer, record));
    }

    @Override
    public void removed(PeerId peer) {
        add(new Removed(peer));
    }

    @Override
    public void rejected(PeerId peer, Rejection reason, String detail) {
        add(new Rejected(peer, reason, detail));
    }

    private void add(Event e) {
        lock.lock();
        try {
            events.add(e);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    List<Event> all() {
        lock.lock();
        try {
            return List.copyOf(events);
        } finally {
            lock.unlock();
        }
    }

    /** Waits for an event matching {@code p} (past or future). */
    Event await(Predicate<Event> p, Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                for (Event e : events) {
                    if (p.test(e)) {
                        return e;
                    }
                }
                if (left <= 0) {
                    throw new AssertionError("no matching event within " + timeout + "; saw " + events);
                }
                left = changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    CapabilitiesRecord awaitUpdate(PeerId peer, Predicate<CapabilitiesRecord> p) throws InterruptedException {
        return ((Updated) await(e -> e instanceof Updated u && u.peer().equals(peer) && p.test(u.record()),
                Duration.ofSeconds(20))).record();
    }

    Rejected awaitRejection(PeerId peer, Rejection reason) throws InterruptedException {
        return (Rejected) await(e -> e instanceof Rejected r && r.peer().equals(peer) && r.reason() == reason,
                Duration.ofSeconds(20));
    }

    long count(Predicate<Event> p) {
        return all().stream().filter(p).count();
    }

}
