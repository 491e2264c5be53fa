package dev.ferry.routing.dnslink;

import java.io.IOException;

/** A DNS message that does not parse, or an answer that says the server failed: no answer for the name. */
public final class DnsWireException extends IOException {
    public DnsWireException(String message) {
        super(message);
    }
}
