package dev.ferry.routing.ipns;

import dev.ferry.routing.dht.InvalidRecordException;
import dev.ferry.routing.dht.RecordValidator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The DHT's rules for {@code /ipns/} records: a value is a record of the key's name, verified by
 * {@link IpnsRecord#verify} (and so not expired); the best is the one {@link IpnsRecord#betterThan} prefers.
 */
public final class IpnsRecordValidator implements RecordValidator {
    /** The namespace the validator is registered under. */
    public static final String NAMESPACE = "ipns";

    private final Clock clock;

    public IpnsRecordValidator(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void validate(byte[] key, byte[] value) throws InvalidRecordException {
        verify(key, value);
    }

    private IpnsRecord verify(byte[] key, byte[] value) throws InvalidRecordException {
        try {
            return IpnsRecord.verify(IpnsName.fromRoutingKey(key), value, clock.instant());
        } catch (IllegalArgumentException | InvalidIpnsRecordException e) {
            throw new InvalidRecordException(e.getMessage(), e);
        }
    }

    @Override
    public int select(byte[] key, List<byte[]> values) {
        List<IpnsRecord> records = new ArrayList<>();
        int best = -1;
        for (int i = 0; i < values.size(); i++) {
            IpnsRecord r;
            try {
                r = verify(key, values.get(i));
            } catch (InvalidRecordException e) {
                records.add(null);
                continue;
            }
            records.add(r);
            if (best < 0 || r.betterThan(records.get(best))) {
                best = i;
            }
        }
        return Math.max(best, 0);
    }
}
