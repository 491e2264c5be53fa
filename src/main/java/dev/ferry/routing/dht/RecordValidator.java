package dev.ferry.routing.dht;

import java.util.List;

/**
 * The rules of one namespace of DHT value records (the {@code ipns} of {@code /ipns/…} keys): which values are
 * valid for a key, and which of several valid ones is the best. A DHT keeps and passes on only records of namespaces
 * it has a validator for.
 */
public interface RecordValidator {
    /**
     * Checks {@code value} as a record for {@code key}.
     *
     * @throws InvalidRecordException if it is not valid (now)
     */
    void validate(byte[] key, byte[] value) throws InvalidRecordException;

    /** The index in {@code values} (each valid for {@code key}, at least one) of the best. */
    int select(byte[] key, List<byte[]> values);
}
