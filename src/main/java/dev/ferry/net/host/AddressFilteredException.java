package dev.ferry.net.host;

import dev.ferry.multiformats.Multiaddr;
import java.io.IOException;

/** A dial was not made because every address it had lies inside one of the host's {@link AddrFilters}. */
public final class AddressFilteredException extends IOException {
    public AddressFilteredException(Multiaddr address) {
        super("address filtered: " + address);
    }
}
