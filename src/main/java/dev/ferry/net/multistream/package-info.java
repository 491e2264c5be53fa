/**
 * multistream-select 1.0 ({@code /multistream/1.0.0}): how two ends agree on the protocol of a fresh stream.
 *
 * <h2>Wire format</h2>
 * Every message is {@code uvarint(n) ‖ UTF-8 text ‖ '\n'} where n counts the newline. Header
 * {@code 13 "/multistream/1.0.0\n"}; refusal {@code 03 "na\n"}; listing request {@code 03 "ls\n"}, answered by one
 * message whose body is the protocols, each framed as a message, then a final newline.
 *
 * <h2>Exchange</h2>
 * Both ends send the header first (the two headers may cross). The dialer proposes a protocol id; the listener
 * echoes it (accepted: both switch to that protocol right after) or answers {@code na}, and the dialer may try the
 * next. The dialer here pipelines its header and first proposal in one write; peers may pipeline application data
 * as well, so messages are read one byte-exact message at a time and nothing after the negotiation is consumed.
 * A lazy dialer ({@link dev.ferry.net.multistream.Multistream#selectLazily}) proposes one protocol and sends its data
 * right behind it; the listener's answer is checked by the first read, and a half-close waits for that answer.
 *
 * <h2>Limits and failures</h2>
 * A message is at most {@value dev.ferry.net.multistream.MultistreamCodec#MAX_MESSAGE_LENGTH} bytes including the
 * newline (an {@code ls} answer at most 64 KiB), the varint length must be minimal, the text valid UTF-8 without an
 * inner newline. A listener answers at most {@value dev.ferry.net.multistream.Multistream#MAX_PROPOSALS} proposals.
 * Any violation, a wrong header, an unexpected answer or EOF during negotiation throws
 * {@link dev.ferry.net.multistream.MultistreamException}; refusal of every proposal throws its subclass
 * {@link dev.ferry.net.multistream.ProtocolNotSupportedException}. The caller then closes the stream.
 */
package dev.ferry.net.multistream;
