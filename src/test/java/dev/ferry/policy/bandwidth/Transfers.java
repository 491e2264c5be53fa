package dev.ferry.policy.bandwidth;

import dev.ferry.net.host.Host;
import dev.ferry.net.host.NegotiatedStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Bulk transfers between loopback hosts: a sink that acknowledges what it read, a source that sends on request. */
final class Transfers {
    static final String SINK = "/ferry-test/sink/1.0.0";
    static final String SOURCE = "/ferry-test/source/1.0.0";
    static final int PIECE = 64 * 1024;

    private Transfers() {}

    /** Serves both test protocols on {@code h}. */
    static void serve(Host h) {
        h.setHandler(SINK, s -> {
            InputStream in = s.in();
            byte[] buf = new byte[PIECE];
            long total = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
            }
            DataOutputStream out = new DataOutputStream(s.out());
            out.writeLong(total);
            out.flush();
            s.closeWrite();
        });
        h.setHandler(SOURCE, s -> {
            long want = new DataInputStream(s.in()).readLong();
            send(s.out(), want);
            s.closeWrite();
        });
    }

    /** Sends {@code bytes} from {@code from} to {@code to}; returns seconds until the sink acknowledged them all. */
    static double upload(Host from, Host to, long bytes) throws IOException {
        try (NegotiatedStream s = from.newStream(to.peerId(), SINK)) {
            long start = System.nanoTime();
            send(s.out(), bytes);
            s.closeWrite();
            long got = new DataInputStream(s.in()).readLong();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (got != bytes) {
                throw new IOException("sink read " + got + " of " + bytes + " bytes");
            }
            return seconds;
        }
    }

    /** Fetches {@code bytes} from {@code from}'s source into {@code to}; returns seconds until the last byte arrived. */
    static double download(Host to, Host from, long bytes) throws IOException {
        try (NegotiatedStream s = to.newStream(from.peerId(), SOURCE)) {
            long start = System.nanoTime();
            DataOutputStream out = new DataOutputStream(s.out());
            out.writeLong(bytes);
            out.flush();
            InputStream in = s.in();
            byte[] buf = new byte[PIECE];
            long total = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (total != bytes) {
                throw new IOException("read " + total + " of " + bytes + " bytes");
            }
            return seconds;
        }
    }

    private static void send(OutputStream out, long bytes) throws IOException {
        byte[] piece = new byte[PIECE];
        for (int i = 0; i < piece.length; i++) {
            piece[i] = (byte) (i * 31);
        }
        long left = bytes;
        while (left > 0) {
            int n = (int) Math.min(left, piece.length);
            out.write(piece, 0, n);
            left -= n;
        }
        out.flush();
    }
}
