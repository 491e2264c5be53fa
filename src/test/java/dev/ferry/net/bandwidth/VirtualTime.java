package dev.ferry.net.bandwidth;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A discrete-event clock for tests with several threads: {@link #run} starts the tasks on virtual threads and, each
 * time every live task sleeps, jumps the clock to the earliest deadline. Results do not depend on real time.
 */
final class VirtualTime implements LongSupplier, Sleeper {
    /** A task that may sleep on this clock. */
    interface Task {
        void run() throws Exception;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Long> deadlines = new PriorityQueue<>();
    private long now;
    private int live;

    @Override
    public long getAsLong() {
        lock.lock();
        try {
            return now;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
        lock.lock();
        try {
            Long deadline = now + nanos;
            deadlines.add(deadline);
            changed.signalAll();
            try {
                while (now < deadline) {
                    changed.await();
                }
            } finally {
                deadlines.remove(deadline);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs the tasks to completion (tasks may start sleeping at any time); rethrows the first failure. */
    void run(List<Task> tasks) throws Exception {
        List<Throwable> failures = new ArrayList<>();
        lock.lock();
        try {
            live = tasks.size();
        } finally {
            lock.unlock();
        }
        for (Task t : tasks) {
            Thread.ofVirtual().start(() -> {
                try {
                    t.run();
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                } finally {
                    lock.lock();
                    try {
                        live--;
                        changed.signalAll();
                    } finally {
                        lock.unlock();
                    }
                }
            });
        }
        lock.lock();
        try {
            while (live > 0) {
                // every live task asleep, none of them due: jump to the next deadline
                if (deadlines.size() == live && deadlines.peek() > now) {
                    now = deadlines.peek();
                    changed.signalAll();
                } else if (!changed.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("virtual time stuck: " + live + " live, " + deadlines.size() + " asleep");
                }
            }
        } finally {
            lock.unlock();
        }
        synchronized (failures) {
            if (!failures.isEmpty()) {
                Throwable f = failures.getFirst();
                if (f instanceof Exception e) {
                    throw e;
                }
                throw (Error) f;
            }
        }
    }
}
