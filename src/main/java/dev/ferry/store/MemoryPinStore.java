package dev.ferry.store;

import dev.ferry.multiformats.Cid;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** A {@link PinStore} in memory (sync does nothing). Thread-safe. */
public final class MemoryPinStore implements PinStore {
    private final ReentrantLock lock = new ReentrantLock();
    private final PinSet pins = new PinSet(Map.of());

    public MemoryPinStore() {
    }

    @Override
    public void add(Cid cid, PinType type, String name) {
        lock.lock();
        try {
            pins.add(cid, type, name);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean remove(Cid cid, PinType type) {
        lock.lock();
        try {
            return pins.remove(cid, type);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Map<Cid, PinType> list() {
        lock.lock();
        try {
            return pins.types();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Map<Cid, PinEntry> entries() {
        lock.lock();
        try {
            return pins.snapshot();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<PinEntry> entry(Cid cid) {
        lock.lock();
        try {
            return pins.entry(cid);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void sync() {
    }

    @Override
    public void close() {
    }
}
