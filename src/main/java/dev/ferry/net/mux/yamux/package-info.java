/**
 * Yamux ({@code /yamux/1.0.0}): many ordered, flow-controlled streams over one connection.
 * Sources: hashicorp/yamux {@code spec.md}, libp2p/specs {@code yamux/README.md}.
 *
 * <h2>Participants</h2>
 * The side that dialed the connection is the client and opens odd stream ids (1, 3, …); the listener opens even
 * ids (2, 4, …). Id 0 is the session itself (Ping, GoAway).
 *
 * <h2>Wire format</h2>
 * Every frame starts with a 12-byte big-endian header: {@code version u8 (0) | type u8 | flags u16 | stream id u32 |
 * length u32}. Types: 0 Data (length = payload bytes that follow), 1 WindowUpdate (length = credit delta), 2 Ping
 * (length = opaque value), 3 GoAway (length = 0 normal, 1 protocol error, 2 internal error). Flags: SYN 1 opens a
 * stream or a ping, ACK 2 accepts it or answers the ping, FIN 4 half-closes, RST 8 aborts.
 *
 * <h2>Flow control</h2>
 * Each direction of each stream starts with a 256 KiB window; only Data payload consumes it, WindowUpdate adds to
 * it. We send a WindowUpdate once the application has read half the window, and double the window (up to
 * {@link dev.ferry.net.mux.yamux.YamuxConfig#maxWindow()}, 16 MiB by default) when updates follow each other within
 * two round trips, so a fast reader on a long path is not capped at window/RTT (the round trip time comes from the
 * first keep-alive ping, sent at session start, or from {@code ping()}; without one windows stay at 256 KiB). All streams of a session share a growth budget (64 MiB by default), so one
 * peer cannot make us buffer more than about {@code maxInboundStreams × 256 KiB + budget}. Bytes buffered per stream never
 * exceed its window. Writers block while their send window is 0. Data payloads we send are at most
 * {@link dev.ferry.net.mux.yamux.YamuxConfig#maxFramePayload()} (65507 bytes by default, so that a frame, written in
 * one piece, fills one Noise message of at most 65519 bytes).
 *
 * <h2>Limits</h2>
 * <ul>
 *   <li>Data frames longer than the max window are refused from the header alone, before any payload is read.
 *   <li>At most {@code maxInboundStreams} inbound streams at once; a SYN beyond that gets RST for that stream only.
 *   <li>At most 256 of our opened streams unacknowledged (ACK backlog); {@code openStream} waits above it. We ACK
 *       inbound streams at once, exactly once (on our first frame for the stream or a queued WindowUpdate+ACK).
 *   <li>A peer flooding pings without reading is slowed by a bounded queue of answers.
 * </ul>
 *
 * <h2>Failure behaviour</h2>
 * Session errors ({@link dev.ferry.net.mux.yamux.YamuxException.ProtocolError}) send GoAway(protocol error) and close
 * the connection: bad version, unknown type or flags, Data/WindowUpdate on id 0, Ping/GoAway on a stream, an
 * oversized Data frame, Data beyond the announced window, a send window overflowing 32 bits, a SYN with our parity,
 * a SYN reusing an open or recently closed id. Stream errors ({@link dev.ferry.net.mux.yamux.YamuxException.StreamError})
 * reset one stream: data after FIN, a reset by either side. Frames for unknown or closed streams are ignored (their
 * payload skipped). A received GoAway stops new outbound streams; existing ones continue.
 */
package dev.ferry.net.mux.yamux;
