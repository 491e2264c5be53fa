package dev.ferry.routing.dnslink;

import java.io.IOException;
import java.util.List;

/** DNS TXT lookups: the text of each TXT record of a name (its character-strings joined). */
@FunctionalInterface
public interface TxtLookup {
    /**
     * @return the records, empty when the name has none or does not exist
     * @throws IOException when no answer comes (timeout, server failure)
     */
    List<String> txt(String name) throws IOException;
}
