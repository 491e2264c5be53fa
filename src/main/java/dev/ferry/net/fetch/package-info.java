/**
 * The libp2p fetch protocol ({@code /libp2p/fetch/0.0.1}), which IPNS over pubsub uses to get a name's current record
 * from a peer subscribed to its topic.
 *
 * <h2>Wire</h2>
 * One stream per request: the asker writes a varint-length-prefixed {@code FetchRequest} (the key) and closes its
 * side; the answerer writes one {@code FetchResponse} (status OK with the value, NOT_FOUND, or ERROR with a text when
 * no lookup serves the key's prefix) and closes.
 *
 * <h2>Limits</h2>
 * Requests of 1 KiB, responses of 64 KiB, checked before allocation; a malformed request resets the stream; an asker
 * resets a request not answered in 10 seconds.
 */
package dev.ferry.net.fetch;
