/**
 * The mechanism shared by ferry's one-request-per-stream protocols ({@code /ferry/pin/1.0.0},
 * {@code /ferry/proof/1.0.0}): the asker opens a stream, writes ONE framed request, closes its write side and reads ONE
 * framed answer; the server answers each stream on its own virtual thread after a per-peer token bucket, the request
 * frame within an idle timeout, a did:key check and one of a bounded number of answer slots.
 *
 * <p>A protocol describes only what is its own in a {@link dev.ferry.exchange.ferry.oneshot.OneShotProtocol}: its
 * frames, its BUSY / BAD_REQUEST / REFUSED / handler-failed answers, an optional check of an answer against its
 * request, its exceptions and the {@link dev.ferry.exchange.ferry.oneshot.OneShotWords words} of its messages. Each
 * protocol's package keeps its public service and documents its flow and wire format.
 */
package dev.ferry.exchange.ferry.oneshot;
