package dev.ferry.policy.pinning;

/** The storage ledger's file cannot be read as one: torn, damaged, or of another format. */
final class CorruptLedgerException extends RuntimeException {
    CorruptLedgerException(String message) {
        super(message);
    }
}
