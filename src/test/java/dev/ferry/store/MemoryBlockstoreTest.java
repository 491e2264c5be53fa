package dev.ferry.store;

class MemoryBlockstoreTest extends BlockstoreContract {
    @Override
    protected Blockstore newStore() {
        return new MemoryBlockstore();
    }
}
