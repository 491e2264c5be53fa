package dev.ferry.store;

class MemoryPinStoreTest extends PinStoreContract {
    @Override
    protected PinStore newStore() {
        return new MemoryPinStore();
    }
}
