/**
 * DNSLink: {@link dev.ferry.routing.dnslink.DnsLink} reads {@code dnslink=/ipfs/...} and {@code dnslink=/ipns/...}
 * from the TXT records of {@code _dnslink.<domain>}, through a {@link dev.ferry.routing.dnslink.TxtLookup}: the JDK's
 * DNS client ({@link dev.ferry.routing.dnslink.JndiTxtLookup}) or DNS over HTTPS
 * ({@link dev.ferry.routing.dnslink.DohTxtLookup}, RFC 8484).
 *
 * <h2>Wire format</h2>
 * {@link dev.ferry.routing.dnslink.DnsWire}: RFC 1035 messages, a TXT query with ID 0 and recursion desired, and the
 * TXT records of its answer (character-strings joined per record; records of CNAME targets in the answer included).
 *
 * <h2>Failures</h2>
 * A malformed or truncated answer, an answer to another query, or a server error code is a
 * {@link dev.ferry.routing.dnslink.DnsWireException} (an IOException: no answer); NXDOMAIN is no records. Limits: a
 * message of at most 65,535 bytes, names of 255 bytes, labels of 63, 64 compression pointers per name; nothing is
 * allocated beyond the message's size. DoH endpoints must be https (plain http only to a loopback address).
 */
package dev.ferry.routing.dnslink;
