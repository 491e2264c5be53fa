package dev.ferry.net.mux.yamux;

/** The flag bits of a Yamux header (a bit set, so constants rather than an enum). */
public final class YamuxFlags {
    /** Opens a stream (or starts a ping). */
    public static final int SYN = 0x1;
    /** Acknowledges a stream open (or answers a ping). */
    public static final int ACK = 0x2;
    /** Half-close: the sender will send no more data on the stream. */
    public static final int FIN = 0x4;
    /** Abortive close of the stream in both directions. */
    public static final int RST = 0x8;
    /** Every defined bit; anything else is a protocol error. */
    public static final int ALL = SYN | ACK | FIN | RST;

    private YamuxFlags() {}

    /** A readable form such as {@code SYN|FIN}, or {@code -}. */
    public static String toString(int flags) {
        StringBuilder sb = new StringBuilder();
        String[] names = {"SYN", "ACK", "FIN", "RST"};
        for (int i = 0; i < names.length; i++) {
            if ((flags & (1 << i)) != 0) {
                sb.append(sb.isEmpty() ? "" : "|").append(names[i]);
            }
        }
        return sb.isEmpty() ? "-" : sb.toString();
    }
}
